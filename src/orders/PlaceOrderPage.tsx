import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useLocation } from 'wouter';
import type { CreateOrderRequest } from '../../core/order-requests.ts';
import { placeOrder } from '../api/commands.ts';
import { type CatalogueProduct, listCatalogue } from '../api/orders.ts';
import { ApiProblem, type ProblemField } from '../api/problem.ts';
import { catalogueKey, orderKeys } from '../api/query-keys.ts';
import { EmptyState, ErrorNotice, PageHeading, Skeleton, UserFacingError } from '../ui/feedback.tsx';
import {
  availabilityNews,
  availabilityText,
  refusedLineMessage,
  shortLinesOf,
  stockRefusal,
} from './availability.ts';
import { OrderForm } from './OrderForm.tsx';

/** Availability changes arriving live, in words, for a screen reader (sighted users see the line change). */
function useAvailabilityNews(products: CatalogueProduct[] | undefined): string {
  const seen = useRef(new Map<string, string>());
  const [news, setNews] = useState('');
  useEffect(() => {
    if (!products) return;
    const latest = availabilityNews(seen.current, products);
    if (latest) setNews(latest);
    seen.current = new Map(
      products.flatMap((product) =>
        product.availability ? [[product.id, availabilityText(product.availability)] as const] : [],
      ),
    );
  }, [products]);
  return news;
}

export default function PlaceOrderPage() {
  const [, navigate] = useLocation();
  const queryClient = useQueryClient();
  const catalogue = useQuery({ queryKey: catalogueKey, queryFn: listCatalogue, staleTime: 5 * 60_000 });
  // One key per order the user means to place: a retry after a lost response cannot order twice.
  const idempotencyKey = useRef(crypto.randomUUID());
  const place = useMutation({
    mutationFn: (request: CreateOrderRequest) => placeOrder(request, idempotencyKey.current),
    onSuccess: (order) => {
      idempotencyKey.current = crypto.randomUUID();
      queryClient.invalidateQueries({ queryKey: orderKeys.minePages() });
      // The order page confirms it once: the history entry carries the news, a reload does not repeat it.
      navigate(`/orders/${order.id}`, { state: { placed: true } });
    },
    onError: (error) => {
      // A refusal created nothing: the next try is a new order, with a new key.
      if (error instanceof ApiProblem && error.status >= 400 && error.status < 500)
        idempotencyKey.current = crypto.randomUUID();
      // What the refusal found short is newer than what the page shows.
      if (shortLinesOf(error instanceof ApiProblem ? error : undefined).length)
        queryClient.invalidateQueries({ queryKey: catalogueKey });
    },
  });
  const problem = place.error instanceof ApiProblem ? place.error : undefined;
  const news = useAvailabilityNews(catalogue.data);
  const shortLines = shortLinesOf(problem);
  const lineFields: ProblemField[] | undefined = shortLines.length
    ? shortLines.map((line) => ({
        path: line.path,
        message: refusedLineMessage(line.requested, line.available),
      }))
    : problem?.fields;

  return (
    <>
      <PageHeading>Place an order</PageHeading>
      <p className="visually-hidden" role="status">
        {news}
      </p>
      {catalogue.isPending ? (
        <Skeleton label="Loading the catalogue" rows={4} />
      ) : catalogue.isError ? (
        <ErrorNotice
          error={catalogue.error}
          onRetry={() => catalogue.refetch()}
          title="Could not load the catalogue"
        />
      ) : catalogue.data.length === 0 ? (
        <EmptyState title="The catalogue is empty." />
      ) : (
        <>
          {shortLines.length > 0 ? (
            <ErrorNotice
              error={new UserFacingError(stockRefusal(shortLines, catalogue.data))}
              title="The order was not placed"
            />
          ) : (
            place.isError &&
            !problem?.fields.length && <ErrorNotice error={place.error} title="The order was not placed" />
          )}
          <OrderForm
            products={catalogue.data}
            onSubmit={(request) => place.mutate(request)}
            submitting={place.isPending}
            serverFields={lineFields}
          />
        </>
      )}
    </>
  );
}
