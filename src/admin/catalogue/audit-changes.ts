import { money } from '../../ui/format.ts';

/** The audit trail's actions, as an admin reads them. */
export const AUDIT_ACTIONS: Record<string, string> = {
  CREATED: 'Created',
  UPDATED: 'Edited',
  RETIRED: 'Retired',
  REACTIVATED: 'Reactivated',
  STOCK_SET: 'Stock set',
  STOCK_ADJUSTED: 'Stock adjusted',
};

const FIELD_LABELS: Record<string, string> = {
  sku: 'SKU',
  name: 'Name',
  description: 'Description',
  active: 'Active',
  prices: 'Prices',
  on_hand: 'On hand',
  onHand: 'On hand',
  reserved: 'Reserved',
  delta: 'Change',
  version: 'Version',
};

/** AWSJSON arrives as text from AppSync; a local or future client may hand over the object. */
function asRecord(value: unknown): Record<string, unknown> {
  const parsed = typeof value === 'string' ? safeParse(value) : value;
  return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : {};
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function show(field: string, value: unknown): string {
  if (value === undefined || value === null || value === '') return '—';
  if (field === 'prices' && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
    return entries.length
      ? entries
          .map(([currency, amount]) =>
            typeof amount === 'number' ? money(amount, currency) : `${currency} ?`,
          )
          .join(', ')
      : '—';
  }
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * What one audit entry changed, field by field ("Name: Mug → Large mug"), from its before and
 * after snapshots; a field the two agree on is left out, and the version counter is not news.
 */
export function describeChanges(before: unknown, after: unknown): string[] {
  const was = asRecord(before);
  const now = asRecord(after);
  const fields = [...new Set([...Object.keys(was), ...Object.keys(now)])].filter(
    (field) =>
      field !== 'version' &&
      field !== 'updated_at' &&
      JSON.stringify(was[field]) !== JSON.stringify(now[field]),
  );
  return fields.map((field) => {
    const label = FIELD_LABELS[field] ?? field;
    return before == null
      ? `${label}: ${show(field, now[field])}`
      : `${label}: ${show(field, was[field])} → ${show(field, now[field])}`;
  });
}
