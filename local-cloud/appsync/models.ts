import {
  type DirectiveNode,
  Kind,
  type ObjectTypeDefinitionNode,
  parse,
  type TypeNode,
  valueFromASTUntyped,
} from 'graphql';
import { type AppSyncCaller, groupsOf } from './identity.ts';

/** One `@auth` rule of the data schema, as the transformer reads it. */
export interface AuthRule {
  allow: 'owner' | 'groups' | 'private' | 'public';
  operations?: string[];
  ownerField?: string;
  identityClaim?: string;
  groups?: string[];
}

export interface Relationship {
  kind: 'hasMany' | 'belongsTo';
  model: string;
  /** hasMany: the related model's field holding our key; belongsTo: our field holding its key. */
  reference: string;
}

/** A `@model` over a SQL table, from the data schema's transform (directive SDL). */
export interface SqlModel {
  name: string;
  table: string;
  primaryKey: string;
  /** Scalar fields, which are the table's columns. */
  columns: Set<string>;
  relationships: Map<string, Relationship>;
  authRules: AuthRule[];
}

export interface DataModel {
  models: Map<string, SqlModel>;
  /** `@auth` rules of custom operations by `Type.field`. */
  operationAuthRules: Map<string, AuthRule[]>;
}

const argument = (directive: DirectiveNode | undefined, name: string): unknown => {
  const node = directive?.arguments?.find((candidate) => candidate.name.value === name);
  return node ? valueFromASTUntyped(node.value) : undefined;
};
const directive = (directives: readonly DirectiveNode[] | undefined, name: string) =>
  directives?.find((candidate) => candidate.name.value === name);
const namedType = (type: TypeNode): string =>
  type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);

export function readDataModel(modelSchema: string): DataModel {
  const definitions = parse(modelSchema).definitions.filter(
    (definition): definition is ObjectTypeDefinitionNode => definition.kind === Kind.OBJECT_TYPE_DEFINITION,
  );
  const models = new Map<string, SqlModel>();
  const operationAuthRules = new Map<string, AuthRule[]>();
  for (const type of definitions) {
    const model = directive(type.directives, 'model');
    if (!model) {
      for (const field of type.fields ?? []) {
        const auth = directive(field.directives, 'auth');
        if (auth)
          operationAuthRules.set(
            `${type.name.value}.${field.name.value}`,
            argument(auth, 'rules') as AuthRule[],
          );
      }
      continue;
    }
    const relationships = new Map<string, Relationship>();
    const columns = new Set<string>();
    let primaryKey = 'id';
    for (const field of type.fields ?? []) {
      const hasMany = directive(field.directives, 'hasMany');
      const belongsTo = directive(field.directives, 'belongsTo');
      const relation = hasMany ?? belongsTo;
      if (relation) {
        const [reference] = argument(relation, 'references') as string[];
        relationships.set(field.name.value, {
          kind: hasMany ? 'hasMany' : 'belongsTo',
          model: namedType(field.type),
          reference: reference as string,
        });
        continue;
      }
      columns.add(field.name.value);
      if (directive(field.directives, 'primaryKey')) primaryKey = field.name.value;
    }
    models.set(type.name.value, {
      name: type.name.value,
      table:
        (argument(directive(type.directives, 'refersTo'), 'name') as string | undefined) ?? type.name.value,
      primaryKey,
      columns,
      relationships,
      authRules: (argument(directive(type.directives, 'auth'), 'rules') as AuthRule[] | undefined) ?? [],
    });
  }
  return { models, operationAuthRules };
}

const allowsRead = (rule: AuthRule) => !rule.operations || rule.operations.includes('read');

/**
 * The outcome of Amplify's generated query authorization (`$util.authRules.queryAuth`) for a read:
 * refused; admitted to every row (a static rule matched); or admitted to the rows an owner filter
 * selects. Amplify's step admits a plain IAM principal; here no IAM caller gets this far (the gate in
 * resolvers.ts refuses it first, as in AWS), so an IAM caller is refused here too.
 */
export type ReadAccess =
  | { kind: 'denied' }
  | { kind: 'all' }
  | { kind: 'owned'; owners: Array<{ column: string; value: string }> };

export function readAccess(rules: AuthRule[], caller: AppSyncCaller): ReadAccess {
  if (caller.authType === 'IAM Authorization') return { kind: 'denied' };
  const groups = groupsOf(caller);
  const readRules = rules.filter(allowsRead);
  const staticMatch = readRules.some(
    (rule) =>
      rule.allow === 'private' ||
      (rule.allow === 'groups' && (rule.groups ?? []).some((group) => groups.includes(group))),
  );
  if (staticMatch) return { kind: 'all' };
  const owners = readRules
    .filter((rule) => rule.allow === 'owner')
    .flatMap((rule) => {
      const value = caller.identity.claims[rule.identityClaim ?? 'sub'];
      return typeof value === 'string' ? [{ column: rule.ownerField ?? 'owner', value }] : [];
    });
  return owners.length ? { kind: 'owned', owners } : { kind: 'denied' };
}

/** Amplify's response check for a single row (`$util.authRules.validateUsingSource`). */
export function mayReadRow(access: ReadAccess, row: Record<string, unknown>): boolean {
  if (access.kind !== 'owned') return access.kind === 'all';
  return access.owners.some(({ column, value }) => row[column] === value);
}
