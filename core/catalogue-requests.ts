// A namespace import lets esbuild drop the parts of zod we do not use (locales included).
import * as z from 'zod';
import { currencyCodeSchema } from './money.ts';
import { expectedVersionSchema } from './order-requests.ts';

/**
 * What admins send to run the catalogue and its stock (the HTTP API's product routes). The SPA's
 * Catalogue forms validate with these same objects, so a message beside a field is the API's own.
 * The limits mirror the CHECK constraints of db/migrations (the database stays the last word).
 */
export const SKU_PATTERN = /^[A-Z0-9][A-Z0-9-]{1,39}$/;
export const PRODUCT_NAME_MAX = 200;
export const PRODUCT_DESCRIPTION_MAX = 2000;
/** The largest price in minor units (the product_prices CHECK). */
export const MAX_UNIT_AMOUNT = 100_000_000_000;
/** The most units one product may hold on hand, and the largest single adjustment. */
export const MAX_STOCK = 1_000_000;
export const STOCK_REASON_MAX = 200;

/** SKUs are normalized before they are checked: surrounding spaces dropped, letters in capitals. */
export const skuSchema = z
  .string('SKU must be text')
  .trim()
  .toUpperCase()
  .regex(SKU_PATTERN, 'SKU is 2-40 letters, digits or dashes, starting with a letter or digit');

const productNameSchema = z
  .string('Name must be text')
  .trim()
  .min(1, 'Name is required')
  .max(PRODUCT_NAME_MAX, `Name is at most ${PRODUCT_NAME_MAX} characters`);

const descriptionSchema = z
  .string('Description must be text')
  .trim()
  .max(PRODUCT_DESCRIPTION_MAX, `Description is at most ${PRODUCT_DESCRIPTION_MAX} characters`);

export const unitAmountSchema = z
  .int('A price is a whole number of minor units (cents)')
  .min(0, 'A price cannot be negative')
  .max(MAX_UNIT_AMOUNT, `A price is at most ${MAX_UNIT_AMOUNT} minor units`);

/** Prices per currency in minor units, e.g. `{ "USD": 12900, "JPY": 19800 }`; at least one. */
export const productPricesSchema = z
  .record(currencyCodeSchema, unitAmountSchema, 'Prices map currency codes to amounts')
  .refine((prices) => Object.keys(prices).length >= 1, 'A product needs at least one price')
  .refine((prices) => Object.keys(prices).length <= 20, 'A product has at most 20 prices');

const stockQuantitySchema = z
  .int('Stock is a whole number of units')
  .min(0, 'Stock cannot be negative')
  .max(MAX_STOCK, `Stock is at most ${MAX_STOCK} units`);

/** `POST /products` (header `Idempotency-Key`): a new product, active unless said otherwise. */
export const createProductRequestSchema = z.strictObject({
  sku: skuSchema,
  name: productNameSchema,
  description: descriptionSchema.default(''),
  prices: productPricesSchema,
  active: z.boolean('Active is true or false').default(true),
  /** Units on hand from the start (audited as the product's first stock level). */
  onHand: stockQuantitySchema.default(0),
});
export type CreateProductRequest = z.output<typeof createProductRequestSchema>;

/**
 * `POST /products/{id}/changes`: edit, retire (`active: false`) or reactivate, against the version
 * the admin saw. `prices` replaces the whole price list. The SKU never changes (orders name it).
 */
export const changeProductRequestSchema = z
  .strictObject({
    expectedVersion: expectedVersionSchema,
    name: productNameSchema.optional(),
    description: descriptionSchema.optional(),
    prices: productPricesSchema.optional(),
    active: z.boolean('Active is true or false').optional(),
  })
  .refine(
    (change) =>
      change.name !== undefined ||
      change.description !== undefined ||
      change.prices !== undefined ||
      change.active !== undefined,
    { message: 'Change at least one of name, description, prices, active' },
  );
export type ChangeProductRequest = z.output<typeof changeProductRequestSchema>;

const stockReasonSchema = z
  .string('Reason must be text')
  .trim()
  .min(3, 'Say why, in at least 3 characters')
  .max(STOCK_REASON_MAX, `Reason is at most ${STOCK_REASON_MAX} characters`);

/**
 * `POST /products/{id}/stock` (header `Idempotency-Key`, since a retried adjustment would count
 * twice): either set the units on hand after a count, or adjust them by a signed delta (a delivery
 * in, breakage out). Neither may leave fewer units on hand than open orders hold (409).
 */
export const stockChangeRequestSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('SET'), onHand: stockQuantitySchema, reason: stockReasonSchema }),
    z.strictObject({
      kind: z.literal('ADJUST'),
      delta: z
        .int('Delta is a whole number of units')
        .min(-MAX_STOCK, `Delta is at least -${MAX_STOCK}`)
        .max(MAX_STOCK, `Delta is at most ${MAX_STOCK}`)
        .refine((delta) => delta !== 0, 'Delta cannot be 0'),
      reason: stockReasonSchema,
    }),
  ],
  'kind is SET or ADJUST',
);
export type StockChangeRequest = z.output<typeof stockChangeRequestSchema>;

/** A product's units: on hand, held by open orders, and what can still be ordered. */
export interface ProductStock {
  onHand: number;
  reserved: number;
  available: number;
}

/**
 * A product as admins see it, and what every product command answers (the product after the
 * change): the catalogue entry, its prices and its stock.
 */
export interface ProductDetail {
  id: string;
  sku: string;
  name: string;
  description: string;
  active: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** Minor units per currency code. */
  prices: Record<string, number>;
  stock: ProductStock;
}
