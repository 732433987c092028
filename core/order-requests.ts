import './zod-messages.ts';
import * as z from 'zod/mini';
import { currencyCodeSchema } from './money.ts';
import { ORDER_STATUSES } from './order-lifecycle.ts';

/**
 * The shapes clients send. The SPA validates its forms with these and the API validates requests
 * with the same objects, so a message the user sees in the form is the one the API would send.
 */
export const MAX_LINE_ITEMS = 50;
export const MAX_QUANTITY = 1000;

export const productIdSchema = z.uuid('Product id must be a UUID');
export const orderIdSchema = z.uuid('Order id must be a UUID');
export const reportIdSchema = z.uuid('Report id must be a UUID');

export const lineItemSchema = z.strictObject({
  productId: productIdSchema,
  quantity: z
    .int('Quantity must be a whole number')
    .check(
      z.gte(1, 'Quantity must be at least 1'),
      z.lte(MAX_QUANTITY, `Quantity must be at most ${MAX_QUANTITY}`),
    ),
});

export const createOrderRequestSchema = z
  .strictObject({
    currency: currencyCodeSchema,
    items: z
      .array(lineItemSchema)
      .check(
        z.minLength(1, 'Add at least one product'),
        z.maxLength(MAX_LINE_ITEMS, `An order has at most ${MAX_LINE_ITEMS} line items`),
      ),
  })
  .check(
    z.superRefine((order, ctx) => {
      const seen = new Set<string>();
      order.items.forEach((item, index) => {
        if (seen.has(item.productId)) {
          ctx.addIssue({
            code: 'custom',
            path: ['items', index, 'productId'],
            message: 'Each product may appear once; raise its quantity instead',
          });
        }
        seen.add(item.productId);
      });
    }),
  );
export type CreateOrderRequest = z.output<typeof createOrderRequestSchema>;

export const expectedVersionSchema = z
  .int('Version must be a whole number')
  .check(z.gte(1), z.lte(2_147_483_647));

export const transitionRequestSchema = z.strictObject({
  to: z.enum(ORDER_STATUSES, `Status must be one of ${ORDER_STATUSES.join(', ')}`),
  expectedVersion: expectedVersionSchema,
});
export type TransitionRequest = z.output<typeof transitionRequestSchema>;

/** A cancel may name the version the caller saw; without one it applies to the current version. */
export const cancelRequestSchema = z.strictObject({
  expectedVersion: z.optional(expectedVersionSchema),
});
export type CancelRequest = z.output<typeof cancelRequestSchema>;

/** Idempotency keys: printable ASCII, as the IETF Idempotency-Key draft recommends (UUIDs fit). */
export const idempotencyKeySchema = z
  .string()
  .check(
    z.minLength(8, 'Idempotency-Key must be at least 8 characters'),
    z.maxLength(255, 'Idempotency-Key must be at most 255 characters'),
    z.regex(/^[\x21-\x7e]+$/, 'Idempotency-Key must be printable ASCII without spaces'),
  );

const isoDate = z.iso.date('Dates are YYYY-MM-DD');
export const MAX_REPORT_DAYS = 366;

export const reportPeriodSchema = z.strictObject({ periodStart: isoDate, periodEnd: isoDate }).check(
  z.refine((period) => period.periodEnd > period.periodStart, {
    path: ['periodEnd'],
    message: 'periodEnd must be after periodStart (the end is exclusive)',
  }),
  z.refine((period) => daysBetween(period.periodStart, period.periodEnd) <= MAX_REPORT_DAYS, {
    path: ['periodEnd'],
    message: `A report covers at most ${MAX_REPORT_DAYS} days`,
  }),
);
export type ReportPeriod = z.output<typeof reportPeriodSchema>;

function daysBetween(start: string, end: string): number {
  return (Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 86_400_000;
}

export const PAGE_SIZE_MAX = 100;
export const pageSizeSchema = z._default(
  z.pipe(z.coerce.number(), z.int().check(z.gte(1), z.lte(PAGE_SIZE_MAX))),
  20,
);

const instant = z.iso
  .datetime({
    offset: true,
    message: 'Give an ISO 8601 date and time with a zone, e.g. 2026-01-31T00:00:00Z',
  })
  // PostgreSQL has no year 0 in its input (1 BC is written 0001 BC).
  .check(z.refine((value) => !value.startsWith('0000'), 'The year must be 0001 or later'));

/**
 * `GET /orders`: a page of the caller's own orders, newest first. The owner is never a parameter
 * (it is the token's subject); unknown parameters are refused rather than ignored, so a client
 * that thinks it filters by something we do not support finds out.
 */
export const orderHistoryQuerySchema = z
  .strictObject({
    limit: pageSizeSchema,
    status: z.optional(z.enum(ORDER_STATUSES, `Status must be one of ${ORDER_STATUSES.join(', ')}`)),
    /** Inclusive. */
    createdFrom: z.optional(instant),
    /** Exclusive. */
    createdBefore: z.optional(instant),
    // Opaque here; the data layer reads it (db/cursor.ts) and refuses what it did not issue.
    cursor: z.optional(z.string().check(z.minLength(1))),
  })
  .check(
    z.refine(
      (query) =>
        !query.createdFrom ||
        !query.createdBefore ||
        Date.parse(query.createdBefore) > Date.parse(query.createdFrom),
      { path: ['createdBefore'], message: 'createdBefore must be after createdFrom' },
    ),
  );
export type OrderHistoryQuery = z.output<typeof orderHistoryQuerySchema>;
