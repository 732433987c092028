import {
  type ChangeProductRequest,
  type CreateProductRequest,
  changeProductRequestSchema,
  createProductRequestSchema,
} from '../../../core/catalogue-requests.ts';
import { currencyCodeSchema } from '../../../core/money.ts';
import type { ProblemField } from '../../api/problem.ts';
import { fromMinorUnits, toMinorUnits } from './price-input.ts';

/**
 * What the product forms hold while an admin types, and the requests built from it. Every rule
 * is the API's own schema (core/catalogue-requests.ts); this only turns typed text into the
 * request's shape and puts each message beside the field it is about.
 */
export interface PriceRow {
  /** Stable while rows are added and removed, so a message stays with its row. */
  id: number;
  currency: string;
  amount: string;
}

export interface ProductDraft {
  sku: string;
  name: string;
  description: string;
  prices: PriceRow[];
  /** Create only: units on hand from the start. */
  onHand: string;
  /** Create only: whether customers can order it at once. */
  active: boolean;
}

/**
 * Messages by field: `sku`, `name`, `description`, `onHand`, `prices` (the list as a whole),
 * `prices.<row id>` and `currency.<row id>` (one row), and `form` for what concerns no one field.
 */
export type FieldMessages = Map<string, string>;

export type Built<Request> =
  | { request: Request; messages?: undefined }
  | { request?: undefined; messages: FieldMessages };

export function emptyDraft(): ProductDraft {
  return {
    sku: '',
    name: '',
    description: '',
    prices: [{ id: 1, currency: 'USD', amount: '' }],
    onHand: '0',
    active: true,
  };
}

/** The draft an edit starts from: the product as it is. */
export function draftFrom(
  product: { sku: string; name: string; description: string },
  prices: Record<string, number>,
): ProductDraft {
  return {
    ...emptyDraft(),
    sku: product.sku,
    name: product.name,
    description: product.description,
    prices: Object.entries(prices)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, amount], index) => ({
        id: index + 1,
        currency,
        amount: fromMinorUnits(amount, currency),
      })),
  };
}

const normalizedCurrency = (row: PriceRow) => row.currency.trim().toUpperCase();

/** The typed rows as the API's `prices`, with a message at each row that cannot be read. */
function readPrices(rows: PriceRow[], messages: FieldMessages): Record<string, number> {
  const prices: Record<string, number> = {};
  for (const row of rows) {
    const currency = normalizedCurrency(row);
    const typed = toMinorUnits(row.amount, currency);
    // The key schema of the API's `prices`, asked here so its own message sits at the currency.
    const code = currencyCodeSchema.safeParse(currency);
    if (!code.success)
      messages.set(`currency.${row.id}`, code.error.issues[0]?.message ?? 'Unknown currency');
    else if (currency in prices) messages.set(`prices.${row.id}`, `${currency} is listed twice`);
    else if ('error' in typed) messages.set(`prices.${row.id}`, typed.error);
    else prices[currency] = typed.amount;
  }
  return prices;
}

/** Where a message about `path` (the schema's or the server's) belongs in the form. */
function fieldKey(path: readonly PropertyKey[], rows: PriceRow[]): string {
  const [field, currency] = path.map(String);
  if (field === 'prices' && currency) {
    const row = rows.find((candidate) => normalizedCurrency(candidate) === currency.toUpperCase());
    return row ? `prices.${row.id}` : 'prices';
  }
  return field || 'form';
}

function addIssues(
  messages: FieldMessages,
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
  rows: PriceRow[],
): FieldMessages {
  for (const issue of issues) {
    const key = fieldKey(issue.path, rows);
    if (!messages.has(key)) messages.set(key, issue.message);
  }
  return messages;
}

/** The server's field messages (a 400's `errors`), placed as the form's own would be. */
export function serverMessages(fields: readonly ProblemField[], rows: PriceRow[]): FieldMessages {
  return addIssues(
    new Map(),
    fields.map((field) => ({ path: field.path.split(/[./]/).filter(Boolean), message: field.message })),
    rows,
  );
}

/** Typed stock: empty is the schema's default (0); anything else must read as a number. */
const typedNumber = (text: string) => (text.trim() === '' ? undefined : Number(text));

export function createRequestFrom(draft: ProductDraft): Built<CreateProductRequest> {
  const messages: FieldMessages = new Map();
  const prices = readPrices(draft.prices, messages);
  const parsed = createProductRequestSchema.safeParse({
    sku: draft.sku,
    name: draft.name,
    description: draft.description,
    prices,
    active: draft.active,
    onHand: typedNumber(draft.onHand),
  });
  if (!parsed.success) addIssues(messages, parsed.error.issues, draft.prices);
  if (messages.size || !parsed.success) return { messages };
  return { request: parsed.data };
}

/**
 * An edit sends only what changed (the audit trail then shows just that), against the version the
 * admin saw, so a change made meanwhile by someone else is a 409, not overwritten.
 */
export function changeRequestFrom(
  draft: ProductDraft,
  current: { name: string; description: string; version: number },
  currentPrices: Record<string, number>,
): Built<ChangeProductRequest> {
  const messages: FieldMessages = new Map();
  const prices = readPrices(draft.prices, messages);
  const samePrices =
    Object.keys(prices).length === Object.keys(currentPrices).length &&
    Object.entries(prices).every(([currency, amount]) => currentPrices[currency] === amount);
  const parsed = changeProductRequestSchema.safeParse({
    expectedVersion: current.version,
    ...(draft.name.trim() !== current.name && { name: draft.name }),
    ...(draft.description.trim() !== current.description && { description: draft.description }),
    ...(!samePrices && { prices }),
  });
  if (!parsed.success) addIssues(messages, parsed.error.issues, draft.prices);
  if (messages.size || !parsed.success) return { messages };
  return { request: parsed.data };
}
