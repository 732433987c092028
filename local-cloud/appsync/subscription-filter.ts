/**
 * AppSync enhanced subscription filters: `util.transform.toSubscriptionFilter` builds them and
 * `extensions.setSubscriptionFilter` sets one per subscription; each published payload is then
 * tested against it. Groups are OR-ed, the filters of a group AND-ed.
 */
export interface FieldFilter {
  fieldName: string;
  operator: string;
  value: unknown;
}
export interface SubscriptionFilter {
  filterGroup: Array<{ filters: FieldFilter[] }>;
}

type Test = (field: unknown, value: unknown) => boolean;
// Ordering on mixed types is false, as in AppSync (a string never compares with a number).
const ordered =
  (compare: (a: number | string, b: number | string) => boolean): Test =>
  (field, value) =>
    (typeof field === 'number' || typeof field === 'string') &&
    typeof field === typeof value &&
    compare(field, value as number | string);
const contains: Test = (field, value) =>
  Array.isArray(field) ? field.includes(value) : typeof field === 'string' && field.includes(String(value));

// A Map, not an object: a name every object inherits (`constructor`, `toString`) is no operator.
const OPERATORS: ReadonlyMap<string, Test> = new Map(
  Object.entries({
    eq: (field, value) => field === value,
    ne: (field, value) => field !== value,
    lt: ordered((a, b) => a < b),
    le: ordered((a, b) => a <= b),
    gt: ordered((a, b) => a > b),
    ge: ordered((a, b) => a >= b),
    between: (field, value) =>
      Array.isArray(value) &&
      ordered((a, b) => a >= b)(field, value[0]) &&
      ordered((a, b) => a <= b)(field, value[1]),
    contains,
    notContains: (field, value) => !contains(field, value),
    beginsWith: (field, value) => typeof field === 'string' && field.startsWith(String(value)),
    in: (field, value) => Array.isArray(value) && value.includes(field),
    notIn: (field, value) => Array.isArray(value) && !value.includes(field),
    containsAny: (field, value) =>
      Array.isArray(field) && Array.isArray(value) && value.some((v) => field.includes(v)),
  } satisfies Record<string, Test>),
);

type FilterInput = Record<string, unknown>;

/** `util.transform.toSubscriptionFilter`: a filter object (fields, `and`, `or`) in disjunctive form. */
export function toSubscriptionFilter(input: FilterInput): SubscriptionFilter {
  return { filterGroup: disjuncts(input).map((filters) => ({ filters })) };
}

function disjuncts(input: FilterInput): FieldFilter[][] {
  let groups: FieldFilter[][] = [[]];
  const cross = (alternatives: FieldFilter[][]) =>
    groups.flatMap((group) => alternatives.map((alternative) => [...group, ...alternative]));
  for (const [key, value] of Object.entries(input)) {
    if (key === 'and') {
      for (const part of value as FilterInput[]) groups = cross(disjuncts(part));
    } else if (key === 'or') {
      groups = cross((value as FilterInput[]).flatMap(disjuncts));
    } else {
      const conditions = Object.entries(value as Record<string, unknown>).map(([operator, operand]) => ({
        fieldName: key,
        operator,
        value: operand,
      }));
      groups = groups.map((group) => [...group, ...conditions]);
    }
  }
  return groups;
}

/** Refuses a filter AppSync would refuse, so a subscriber learns at `start`, not never. */
export function assertValidFilter(filter: SubscriptionFilter): void {
  for (const { filters } of filter.filterGroup ?? []) {
    for (const { operator } of filters) {
      if (!OPERATORS.has(operator)) throw new Error(`Unsupported subscription filter operator: ${operator}`);
    }
  }
}

export function matchesFilter(filter: SubscriptionFilter, payload: Record<string, unknown>): boolean {
  return filter.filterGroup.some(({ filters }) =>
    filters.every(
      ({ fieldName, operator, value }) => OPERATORS.get(operator)?.(payload[fieldName], value) ?? false,
    ),
  );
}
