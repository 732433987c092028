import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { CatalogueEventMessage } from '../../core/catalogue-events.ts';
import type { CatalogueProduct } from '../api/orders.ts';
import { catalogueKey, productKeys } from '../api/query-keys.ts';
import { applyCatalogueEvent } from './apply-catalogue-event.ts';

const LAMP = '00000000-0000-4000-8000-0000000000b1';
const MUG = '00000000-0000-4000-8000-0000000000b2';

function cacheWithCatalogue() {
  const queryClient = new QueryClient();
  queryClient.setQueryData<CatalogueProduct[]>(catalogueKey, [
    {
      id: LAMP,
      name: 'Lamp',
      description: '',
      prices: { USD: 100 },
      availability: { level: 'LOW_STOCK', availableWhenLow: 2 },
    },
    {
      id: MUG,
      name: 'Mug',
      description: '',
      prices: { USD: 100 },
      availability: { level: 'IN_STOCK', availableWhenLow: null },
    },
  ]);
  return queryClient;
}

const event = (change: Partial<CatalogueEventMessage>): CatalogueEventMessage => ({
  eventId: crypto.randomUUID(),
  productId: LAMP,
  type: 'AVAILABILITY_CHANGED',
  revision: 10,
  level: 'OUT_OF_STOCK',
  availableWhenLow: null,
  occurredAt: '2026-12-02T15:00:00.000Z',
  ...change,
});

const lampOf = (queryClient: QueryClient) =>
  queryClient.getQueryData<CatalogueProduct[]>(catalogueKey)?.find((product) => product.id === LAMP);

describe('catalogue events on open pages', () => {
  it('given the catalogue on screen, when its availability changes, then that product shows the new level at once', () => {
    const queryClient = cacheWithCatalogue();
    expect(applyCatalogueEvent(queryClient, event({}), new Map())).toBe(true);
    expect(lampOf(queryClient)?.availability).toEqual({ level: 'OUT_OF_STOCK', availableWhenLow: null });
    expect(queryClient.getQueryState(catalogueKey)?.isInvalidated).toBe(false);
  });

  it('given a newer event applied, when an older or duplicate one arrives late, then it changes nothing', () => {
    const queryClient = cacheWithCatalogue();
    const seen = new Map<string, number>();
    applyCatalogueEvent(queryClient, event({ revision: 11, level: 'LOW_STOCK', availableWhenLow: 1 }), seen);
    expect(applyCatalogueEvent(queryClient, event({ revision: 10 }), seen)).toBe(false);
    expect(applyCatalogueEvent(queryClient, event({ revision: 11, level: 'IN_STOCK' }), seen)).toBe(false);
    expect(lampOf(queryClient)?.availability).toEqual({ level: 'LOW_STOCK', availableWhenLow: 1 });
  });

  it('given a price or name change, when its event arrives, then the catalogue is re-read rather than guessed', () => {
    const queryClient = cacheWithCatalogue();
    applyCatalogueEvent(
      queryClient,
      event({ type: 'PRODUCT_CHANGED', level: 'LOW_STOCK', availableWhenLow: 2 }),
      new Map(),
    );
    expect(queryClient.getQueryState(catalogueKey)?.isInvalidated).toBe(true);
  });

  it('given a product the page does not hold (new or reactivated), when its availability arrives, then the catalogue is re-read', () => {
    const queryClient = cacheWithCatalogue();
    applyCatalogueEvent(
      queryClient,
      event({ productId: '00000000-0000-4000-8000-0000000000b9', level: 'IN_STOCK' }),
      new Map(),
    );
    expect(queryClient.getQueryState(catalogueKey)?.isInvalidated).toBe(true);
  });

  it("given the admin Catalogue's views cached, when any product event arrives, then they are re-read", () => {
    const queryClient = cacheWithCatalogue();
    queryClient.setQueryData(productKeys.detail(LAMP), { version: 1 });
    applyCatalogueEvent(queryClient, event({}), new Map());
    expect(queryClient.getQueryState(productKeys.detail(LAMP))?.isInvalidated).toBe(true);
  });
});
