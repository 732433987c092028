import type { AvailabilityLevel } from './stock.ts';

export const CATALOGUE_EVENT_TYPES = ['PRODUCT_CHANGED', 'AVAILABILITY_CHANGED'] as const;
export type CatalogueEventType = (typeof CATALOGUE_EVENT_TYPES)[number];

/**
 * What tells open pages that a product changed, from the catalogue outbox (`catalogue_events`)
 * through EventBridge and AppSync's `onCatalogueEvent` to every signed-in browser. It carries only
 * what any customer may know: the product's id, its public availability, and nothing about who
 * ordered. `PRODUCT_CHANGED` (name, description, prices, active) says "re-read the product";
 * `AVAILABILITY_CHANGED` carries the new level. The database writes one only when the public view
 * changes (a sale from 80 to 79 units says nothing to customers, so it sends nothing).
 * Delivery is at least once and unordered: `revision` grows with every event of a product, so a
 * client drops a message whose revision is not above the last it applied.
 */
export interface CatalogueEventMessage {
  eventId: string;
  productId: string;
  type: CatalogueEventType;
  revision: number;
  level: AvailabilityLevel;
  availableWhenLow: number | null;
  occurredAt: string;
}

/** The EventBridge `source` and `detail-type` of catalogue events; the rule to AppSync matches both. */
export const CATALOGUE_EVENT_SOURCE = 'secure-orders.catalogue';
export const CATALOGUE_EVENT_DETAIL_TYPE = 'CatalogueEvent';
