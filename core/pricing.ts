import { sumAmounts } from './money.ts';
import type { CreateOrderRequest } from './order-requests.ts';
import { ValidationError } from './validation.ts';

/** A catalogue entry as priced in the order's currency. */
export interface CataloguePrice {
  productId: string;
  name: string;
  unitAmount: number;
  active: boolean;
}

export interface PricedLine {
  lineNo: number;
  productId: string;
  productName: string;
  quantity: number;
  unitAmount: number;
  lineAmount: number;
}

export interface PricedOrder {
  currency: string;
  lines: PricedLine[];
  itemCount: number;
  totalAmount: number;
}

/** A line the catalogue cannot price: unknown, withdrawn, or not sold in the order's currency. */
export class UnpriceableItemError extends Error {
  override readonly name = 'UnpriceableItemError';
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Prices an order from the catalogue. The server always calls this: a total sent by a client is
 * never read, let alone trusted.
 */
export function priceOrder(
  request: CreateOrderRequest,
  prices: ReadonlyMap<string, CataloguePrice>,
): PricedOrder {
  const lines = request.items.map((item, index): PricedLine => {
    const price = prices.get(item.productId);
    const path = `items.${index}.productId`;
    if (!price) throw new UnpriceableItemError(path, `Product is not sold in ${request.currency}`);
    if (!price.active) throw new UnpriceableItemError(path, 'Product is no longer sold');
    return {
      lineNo: index + 1,
      productId: item.productId,
      productName: price.name,
      quantity: item.quantity,
      unitAmount: price.unitAmount,
      lineAmount: price.unitAmount * item.quantity,
    };
  });
  let totalAmount: number;
  try {
    totalAmount = sumAmounts(lines.map((line) => line.lineAmount));
  } catch {
    // Reachable with enough expensive lines: the request is too large, not the server broken.
    throw new ValidationError([
      { path: 'items', message: 'The order total exceeds the largest supported amount' },
    ]);
  }
  return {
    currency: request.currency,
    lines,
    itemCount: lines.reduce((count, line) => count + line.quantity, 0),
    totalAmount,
  };
}
