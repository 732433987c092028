import { ORDER_STATUSES } from '../../core/order-lifecycle.ts';
import type { OrderFilters } from '../api/orders.ts';

/** What the filter fields hold, as typed: the URL carries the same names. */
export interface FilterFields {
  status: string;
  from: string;
  to: string;
  email: string;
  reference: string;
}

export const NO_FILTERS: FilterFields = { status: '', from: '', to: '', email: '', reference: '' };
const NAMES = Object.keys(NO_FILTERS) as (keyof FilterFields)[];
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REFERENCE = /^[0-9a-f]{8}$/i;

/** The fields a URL's query holds (`?status=SHIPPED&email=ann&reference=%231a2b3c4d`). */
export function fieldsFrom(search: URLSearchParams): FilterFields {
  return Object.fromEntries(NAMES.map((name) => [name, search.get(name) ?? ''])) as unknown as FilterFields;
}

/** The URL query for the fields: only those that are set, so a clear view has a clean URL. */
export function searchOf(fields: FilterFields): URLSearchParams {
  const search = new URLSearchParams();
  for (const name of NAMES) if (fields[name].trim()) search.set(name, fields[name].trim());
  return search;
}

/**
 * An order's reference as people paste it: "#1a2b3c4d", "1A2B3C4D", or the whole id; the search
 * matches the id's last 8 hex digits, which is what the app shows.
 */
function referenceDigits(typed: string): string | null {
  const text = typed.trim().replace(/^#/, '');
  if (UUID.test(text)) return text.slice(-8).toLowerCase();
  return REFERENCE.test(text) ? text.toLowerCase() : null;
}

export type Problems = Partial<Record<keyof FilterFields, string>>;

/** What is wrong with the fields, in words, by field; empty when the search can run. */
export function filterProblems(fields: FilterFields): Problems {
  const problems: Problems = {};
  if (fields.reference.trim() && !referenceDigits(fields.reference)) {
    problems.reference = 'Enter a reference as shown on an order, such as #1a2b3c4d.';
  }
  if (fields.from && !DAY.test(fields.from)) problems.from = 'Enter a date.';
  if (fields.to && !DAY.test(fields.to)) problems.to = 'Enter a date.';
  if (!problems.from && !problems.to && fields.from && fields.to && fields.to < fields.from) {
    problems.to = 'The last day must be on or after the first day.';
  }
  return problems;
}

/** The query's filters for valid fields (check filterProblems first). */
export function filtersOf(fields: FilterFields): OrderFilters {
  const email = fields.email.trim();
  const reference = referenceDigits(fields.reference);
  return {
    ...((ORDER_STATUSES as readonly string[]).includes(fields.status) && { status: fields.status }),
    ...(email && { ownerEmail: email }),
    ...(reference && { reference }),
    ...(fields.from && { from: fields.from }),
    ...(fields.to && { to: fields.to }),
  };
}
