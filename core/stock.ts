/**
 * What customers may know of stock: a level, and the count only when it is low. The database
 * computes the same rule (`product_availability()` in db/migrations/0004); a test holds the two
 * together.
 */
export const AVAILABILITY_LEVELS = ['IN_STOCK', 'LOW_STOCK', 'OUT_OF_STOCK'] as const;
export type AvailabilityLevel = (typeof AVAILABILITY_LEVELS)[number];

/** At or below this many units available, customers see "only N left". */
export const LOW_STOCK_THRESHOLD = 5;

export interface PublicAvailability {
  level: AvailabilityLevel;
  /** Units available, only when the level is LOW_STOCK; null otherwise. */
  availableWhenLow: number | null;
}

export function publicAvailability(available: number): PublicAvailability {
  if (available <= 0) return { level: 'OUT_OF_STOCK', availableWhenLow: null };
  if (available <= LOW_STOCK_THRESHOLD) return { level: 'LOW_STOCK', availableWhenLow: available };
  return { level: 'IN_STOCK', availableWhenLow: null };
}

/** One order line the stock cannot cover (the 409 on `POST /orders` lists every such line). */
export interface ShortLine {
  /** The request's path of the line's product, e.g. `items.2.productId`. */
  path: string;
  productId: string;
  requested: number;
  available: number;
}
