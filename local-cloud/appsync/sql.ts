import type pg from 'pg';
import { types } from 'pg';
import * as z from 'zod';
import { keysetCursor } from '../../db/cursor.ts';
import { AppSyncError } from './identity.ts';
import type { ReadAccess, SqlModel } from './models.ts';

/**
 * What the SQL data source does for the generated model resolvers and the custom SQL queries:
 * parameterized SQL only, every identifier checked against the model's columns.
 */

// Row values as the GraphQL scalars want them: bigint money as a number (below 2^53, see the
// schema), a `date` as its text (not a Date at local midnight); timestamps stay Dates (ISO on output).
const INT8 = 20;
const DATE = 1082;
const rowTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8) return Number;
    if (oid === DATE) return String;
    return types.getTypeParser(oid, format);
  }) as typeof types.getTypeParser,
};

export type Row = Record<string, unknown>;
type Filter = Record<string, unknown>;

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

/** Collects positional parameters while a statement is built. */
class PositionalParameters {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

const invalidFilter = (message: string) => new AppSyncError(message, 'ValidationError');

function condition(
  expression: string,
  operator: string,
  value: unknown,
  parameters: PositionalParameters,
): string {
  switch (operator) {
    case 'eq':
      return value === null ? `${expression} IS NULL` : `${expression} = ${parameters.add(value)}`;
    case 'ne':
      return `${expression} IS DISTINCT FROM ${parameters.add(value)}`;
    case 'gt':
      return `${expression} > ${parameters.add(value)}`;
    case 'ge':
      return `${expression} >= ${parameters.add(value)}`;
    case 'lt':
      return `${expression} < ${parameters.add(value)}`;
    case 'le':
      return `${expression} <= ${parameters.add(value)}`;
    case 'between': {
      if (!Array.isArray(value) || value.length !== 2) throw invalidFilter('between takes two values');
      return `${expression} BETWEEN ${parameters.add(value[0])} AND ${parameters.add(value[1])}`;
    }
    case 'contains':
      return `strpos(${expression}::text, ${parameters.add(value)}) > 0`;
    case 'notContains':
      return `strpos(${expression}::text, ${parameters.add(value)}) = 0`;
    case 'beginsWith':
      return `starts_with(${expression}::text, ${parameters.add(value)})`;
    case 'attributeExists':
      return value ? `${expression} IS NOT NULL` : `${expression} IS NULL`;
    case 'size':
      return fieldConditions(`length(${expression}::text)`, value as Filter, parameters);
    default:
      throw invalidFilter(`The filter operator ${operator} is not supported by the SQL data source`);
  }
}

function fieldConditions(expression: string, operators: Filter, parameters: PositionalParameters): string {
  const parts = Object.entries(operators)
    .filter(([, value]) => value !== undefined)
    .map(([operator, value]) => condition(expression, operator, value, parameters));
  return parts.length ? parts.join(' AND ') : 'TRUE';
}

/** A `ModelXFilterInput` as a WHERE expression (and/or/not nest; field keys are checked columns). */
function filterExpression(model: SqlModel, filter: Filter, parameters: PositionalParameters): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined || value === null) continue;
    if (key === 'and' || key === 'or') {
      const nested = (value as Filter[]).map((item) => `(${filterExpression(model, item, parameters)})`);
      if (nested.length) parts.push(`(${nested.join(key === 'and' ? ' AND ' : ' OR ')})`);
    } else if (key === 'not') {
      parts.push(`NOT (${filterExpression(model, value as Filter, parameters)})`);
    } else if (model.columns.has(key)) {
      parts.push(`(${fieldConditions(quote(key), value as Filter, parameters)})`);
    } else {
      throw invalidFilter(`Unknown filter field ${key}`);
    }
  }
  return parts.length ? parts.join(' AND ') : 'TRUE';
}

function accessExpression(access: ReadAccess, parameters: PositionalParameters): string {
  if (access.kind !== 'owned') return 'TRUE';
  return `(${access.owners.map(({ column, value }) => `${quote(column)} = ${parameters.add(value)}`).join(' OR ')})`;
}

const selectList = (model: SqlModel) => [...model.columns].map(quote).join(', ');

export async function getRow(pool: pg.Pool, model: SqlModel, key: unknown): Promise<Row | null> {
  const { rows } = await query(pool, {
    text: `SELECT ${selectList(model)} FROM ${quote(model.table)} WHERE ${quote(model.primaryKey)} = $1`,
    values: [key],
  });
  return rows[0] ?? null;
}

export interface ListArguments {
  filter?: Filter | null;
  limit?: number | null;
  nextToken?: string | null;
  sortDirection?: 'ASC' | 'DESC' | null;
  /** The primary key, when the list query is given one. */
  key?: unknown;
}

/**
 * One page of rows in primary-key order. The next token is an opaque keyset cursor (the last key
 * seen), so a page costs an index range scan however deep it is.
 */
export async function listRows(
  pool: pg.Pool,
  model: SqlModel,
  access: ReadAccess,
  args: ListArguments,
): Promise<{ items: Row[]; nextToken: string | null }> {
  const limit = args.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw invalidFilter(`limit must be between 1 and ${MAX_LIMIT}`);
  }
  const descending = args.sortDirection === 'DESC';
  const parameters = new PositionalParameters();
  const key = quote(model.primaryKey);
  const where = [
    accessExpression(access, parameters),
    filterExpression(model, args.filter ?? {}, parameters),
  ];
  if (args.key !== undefined && args.key !== null) where.push(`${key} = ${parameters.add(args.key)}`);
  if (args.nextToken)
    where.push(`${key} ${descending ? '<' : '>'} ${parameters.add(decodeToken(args.nextToken))}`);
  const { rows } = await query(pool, {
    text: `SELECT ${selectList(model)} FROM ${quote(model.table)} WHERE ${where.join(' AND ')}
           ORDER BY ${key} ${descending ? 'DESC' : 'ASC'} LIMIT ${parameters.add(limit + 1)}`,
    values: parameters.values,
  });
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    nextToken: rows.length > limit && last ? encodeToken(last[model.primaryKey]) : null,
  };
}

/** The model list's next token: the last primary key seen. */
const nextTokenCursor = keysetCursor(z.strictObject({ after: z.union([z.string(), z.number()]) }));
const encodeToken = (key: unknown) => nextTokenCursor.encode({ after: key as string | number });

function decodeToken(token: string): string | number {
  try {
    return nextTokenCursor.decode(token).after;
  } catch {
    throw invalidFilter('Invalid nextToken');
  }
}

/**
 * A custom SQL query's own text, with its `:name` placeholders bound as parameters from the
 * operation's arguments (`::type` casts are left alone).
 */
export async function runCustomSql(
  pool: pg.Pool,
  statement: string,
  args: Record<string, unknown>,
): Promise<Row[]> {
  const parameters = new PositionalParameters();
  const positions = new Map<string, string>();
  const text = statement.replace(/(?<![:\w]):([A-Za-z_]\w*)/g, (_match, name: string) => {
    if (!(name in args)) throw invalidFilter(`The SQL statement uses :${name}, which is not an argument`);
    const position = positions.get(name) ?? parameters.add(args[name]);
    positions.set(name, position);
    return position;
  });
  const { rows } = await query(pool, { text, values: parameters.values });
  return rows;
}

/** Database failures surface as the SQL Lambda's do: an unhandled Lambda error, no driver detail. */
async function query(pool: pg.Pool, config: { text: string; values: unknown[] }) {
  try {
    return await pool.query<Row>({ ...config, types: rowTypes });
  } catch (error) {
    console.error('[local-appsync] SQL data source error:', (error as Error).message);
    throw new AppSyncError('Error executing the SQL statement', 'Lambda:Unhandled');
  }
}
