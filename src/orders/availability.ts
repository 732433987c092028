import type { PublicAvailability } from '../../core/stock.ts';

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
