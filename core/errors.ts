import type { Decision, OrderStatus } from './order-lifecycle.ts';
import type { ShortLine } from './stock.ts';

/**
 * The domain's refusals. Each maps to one HTTP status at the API edge (functions/lib), so the data
 * layer and the domain never speak HTTP.
 */

/** The order does not exist, or the caller may not see it (never reveal which). */
export class OrderNotFoundError extends Error {
  override readonly name = 'OrderNotFoundError';
  constructor(readonly orderId: string) {
    super('Order not found');
  }
}

/** Optimistic concurrency: the caller's view of the order (or product) is out of date. */
export class VersionConflictError extends Error {
  override readonly name = 'VersionConflictError';
  constructor(
    readonly expectedVersion: number,
    readonly currentVersion: number,
    readonly subject: 'order' | 'product' = 'order',
  ) {
    super(
      `The ${subject} was changed by someone else: you expected version ${expectedVersion}, it is now ${currentVersion}`,
    );
  }
}

/** The lifecycle (or the caller's role) does not allow the move. */
export class TransitionRefusedError extends Error {
  override readonly name = 'TransitionRefusedError';
  constructor(
    readonly decision: Extract<Decision, { allowed: false }>,
    readonly requested: OrderStatus | 'CANCELLED',
  ) {
    super(describeRefusal(decision, requested));
  }
}

function describeRefusal(decision: Extract<Decision, { allowed: false }>, requested: string): string {
  switch (decision.reason) {
    case 'FINAL_STATE':
      return `The order is ${decision.from}, a final status: it can no longer change`;
    case 'NOT_ALLOWED_FROM_STATUS':
      return `An order cannot move from ${decision.from} to ${requested}`;
    case 'FORBIDDEN':
      return `You may not move this order from ${decision.from} to ${requested}`;
  }
}

/** The same Idempotency-Key was used before with a different request. */
export class IdempotencyConflictError extends Error {
  override readonly name = 'IdempotencyConflictError';
  constructor() {
    super('This Idempotency-Key was already used with a different request');
  }
}

/** No product has this id (catalogue writes are for admins, who may know every product). */
export class ProductNotFoundError extends Error {
  override readonly name = 'ProductNotFoundError';
  constructor(readonly productId: string) {
    super('Product not found');
  }
}

/** Another product already has this SKU (SKUs are unique after normalization). */
export class SkuTakenError extends Error {
  override readonly name = 'SkuTakenError';
  constructor(readonly sku: string) {
    super(`Another product already has SKU ${sku}`);
  }
}

/** An order asks for more than is available of one or more products: nothing was reserved. */
export class InsufficientStockError extends Error {
  override readonly name = 'InsufficientStockError';
  constructor(readonly shortLines: ShortLine[]) {
    super(
      `Not enough stock: ${shortLines
        .map((line) => `${line.path} asks for ${line.requested}, ${line.available} available`)
        .join('; ')}`,
    );
  }
}

/** A stock change would leave fewer units on hand than open orders hold (or fewer than none). */
export class StockBelowReservedError extends Error {
  override readonly name = 'StockBelowReservedError';
  constructor(
    readonly onHand: number,
    readonly reserved: number,
  ) {
    super(`Open orders hold ${reserved} units and ${onHand} are on hand: stock cannot go below ${reserved}`);
  }
}
