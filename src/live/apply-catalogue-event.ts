import type { QueryClient } from '@tanstack/react-query';
import type { CatalogueEventMessage } from '../../core/catalogue-events.ts';
import type { CatalogueProduct } from '../api/orders.ts';
import { catalogueKey, productKeys } from '../api/query-keys.ts';

/**
 * Applies one catalogue event to the cached views. Delivery is at least once and unordered, so
 * `lastRevision` (the highest revision applied per product, kept by the caller for the session)
 * drops duplicates and stale messages. A new availability level is written into the customer's
 * catalogue at once; any other change of a product (name, prices, retired) re-reads it; the
 * admin Catalogue's views re-read in both cases. Returns whether the event was applied.
 */
export function applyCatalogueEvent(
  queryClient: QueryClient,
  event: CatalogueEventMessage,
  lastRevision: Map<string, number>,
): boolean {
  if (event.revision <= (lastRevision.get(event.productId) ?? Number.NEGATIVE_INFINITY)) return false;
  lastRevision.set(event.productId, event.revision);

  let written = false;
  if (event.type === 'AVAILABILITY_CHANGED') {
    queryClient.setQueryData<CatalogueProduct[]>(catalogueKey, (products) =>
      products?.map((product) => {
        if (product.id !== event.productId) return product;
        written = true;
        return { ...product, availability: { level: event.level, availableWhenLow: event.availableWhenLow } };
      }),
    );
  }
  // A product the page does not hold (new, or reactivated) or a change beyond availability: re-read.
  if (!written) queryClient.invalidateQueries({ queryKey: catalogueKey });
  queryClient.invalidateQueries({ queryKey: productKeys.all });
  return true;
}
