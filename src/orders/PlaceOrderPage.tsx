import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { useLocation } from 'wouter';
import type { CreateOrderRequest } from '../../core/order-requests.ts';
import { placeOrder } from '../api/commands.ts';
import { listCatalogue } from '../api/orders.ts';
import { ApiProblem } from '../api/problem.ts';
import { catalogueKey, orderKeys } from '../api/query-keys.ts';
import { EmptyState, ErrorNotice, PageHeading, Skeleton } from '../ui/feedback.tsx';
import { OrderForm } from './OrderForm.tsx';

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
      navigate(`/orders/${order.id}`);
    },
  });
  const problem = place.error instanceof ApiProblem ? place.error : undefined;

  return (
    <>
      <PageHeading>Place an order</PageHeading>
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
          {place.isError && !problem?.fields.length && (
            <ErrorNotice error={place.error} title="The order was not placed" />
          )}
          <OrderForm
            products={catalogue.data}
            onSubmit={(request) => place.mutate(request)}
            submitting={place.isPending}
            serverFields={problem?.fields}
          />
        </>
      )}
    </>
  );
}
