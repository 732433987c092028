import { PROBLEM_TYPE } from '../../core/problem-types.ts';
import type { PublicAvailability, ShortLine } from '../../core/stock.ts';
import type { CatalogueProduct } from '../api/orders.ts';
import type { ApiProblem } from '../api/problem.ts';

/** What the place-order page says of a product's stock: "In stock", "Only 3 left", "Out of stock". */
export function availabilityText(availability: PublicAvailability): string {
  switch (availability.level) {
    case 'OUT_OF_STOCK':
      return 'Out of stock';
    case 'LOW_STOCK':
      return `Only ${availability.availableWhenLow ?? 'a few'} left`;
    default:
      return 'In stock';
  }
}

/** A product with no availability known (none was sent) is offered; the server decides at ordering. */
export function isOrderable(availability: PublicAvailability | undefined): boolean {
  return availability?.level !== 'OUT_OF_STOCK';
}

/**
 * Why a chosen quantity cannot be had, as far as the customer can know: out of stock, or more
 * than the few left. Above the low-stock threshold the count is not public, so nothing is said.
 */
export function shortfall(
  availability: PublicAvailability | undefined,
  quantity: number,
): string | undefined {
  if (!availability || !Number.isInteger(quantity) || quantity < 1) return undefined;
  if (availability.level === 'OUT_OF_STOCK') return 'Out of stock now: remove it to place your order';
  const left = availability.availableWhenLow;
  if (availability.level === 'LOW_STOCK' && left !== null && quantity > left)
    return `Only ${left} left: lower the quantity to ${left} or less`;
  return undefined;
}

/** The line message for a refused order's short line (the 409 names what is available). */
export function refusedLineMessage(requested: number, available: number): string {
  return available <= 0
    ? `Out of stock: none left of the ${requested} you asked for. Nothing was reserved.`
    : `Only ${available} left: you asked for ${requested}. Lower the quantity and place the order again.`;
}

/** The lines a stock refusal (409 insufficient-stock) names; none for any other problem. */
export function shortLinesOf(problem: ApiProblem | undefined): ShortLine[] {
  if (problem?.type !== PROBLEM_TYPE.insufficientStock) return [];
  const lines = problem.extra.shortLines;
  return Array.isArray(lines) ? (lines as ShortLine[]) : [];
}

/** A stock refusal in words, naming the products short; nothing was reserved. */
export function stockRefusal(lines: ShortLine[], products: CatalogueProduct[]): string {
  const names = lines.map(
    (line) => products.find((product) => product.id === line.productId)?.name ?? 'a product',
  );
  return `Not enough stock of ${names.join(', ')}. Nothing was reserved: change the lines marked below and place the order again.`;
}

/**
 * What changed in the products' availability since `before` (level by product id), said in
 * words for a screen reader ("Lamp: now Out of stock."); products new to the list are not news.
 */
export function availabilityNews(before: ReadonlyMap<string, string>, products: CatalogueProduct[]): string {
  return products
    .filter((product) => {
      const was = before.get(product.id);
      return product.availability && was !== undefined && was !== availabilityText(product.availability);
    })
    .map((product) => `${product.name}: now ${availabilityText(product.availability as PublicAvailability)}.`)
    .join(' ');
}
