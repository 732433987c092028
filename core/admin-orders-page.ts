/**
 * The arguments of the `adminOrdersPage` SQL query (amplify/data/sql/admin-orders-page.sql) that mean "no
 * filter" and "from the newest order": every argument is required, so "any" has to be a value.
 */
export const ADMIN_ORDERS_UNFILTERED = {
  status: '',
  ownerEmail: '',
  reference: '',
  createdFrom: '1970-01-01T00:00:00.000Z',
  createdBefore: '9999-12-31T23:59:59.999Z',
  /** Microseconds since 1970 of a moment after every order, and the largest id. */
  afterCursor: String(Date.UTC(10_000, 0, 1) * 1000),
  afterId: 'ffffffff-ffff-ffff-ffff-ffffffffffff',
} as const;
