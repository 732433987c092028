import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import {
  availableActions,
  decideAction,
  type OrderAction,
  type OrderStatus,
  statusLabel,
} from '../../core/order-lifecycle.ts';
import { cancelOrder, transitionOrder } from '../api/commands.ts';
import { getOrderDetail, type OrderWithTimeline } from '../api/orders.ts';
import { ApiProblem } from '../api/problem.ts';
import { orderKeys } from '../api/query-keys.ts';
import { useSignedInSession } from '../auth/session.tsx';
import { useLiveUpdates } from '../live/live-updates.tsx';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import {
  describeError,
  EmptyState,
  ErrorNotice,
  PageHeading,
  Skeleton,
  StatusBadge,
  TableScroller,
  UserFacingError,
} from '../ui/feedback.tsx';
import { formatDateTime, isUuid, money, orderRef } from '../ui/format.ts';

const ACTION_LABELS: Record<OrderAction, string> = {
  CONFIRM: 'Confirm',
  SHIP: 'Mark shipped',
  DELIVER: 'Mark delivered',
  CANCEL: 'Cancel order',
};

/** What each action asks first: every move of an order is final (core/order-lifecycle.ts). */
const ACTION_QUESTIONS: Record<
  OrderAction,
  { title: (ref: string) => string; effect: string; confirm: string }
> = {
  CONFIRM: {
    title: (ref) => `Confirm order ${ref}?`,
    effect: 'The customer sees it confirmed at once, and can no longer cancel it themselves.',
    confirm: 'Confirm order',
  },
  SHIP: {
    title: (ref) => `Mark order ${ref} shipped?`,
    effect: 'The customer sees it shipped at once, and it can no longer be cancelled.',
    confirm: 'Mark shipped',
  },
  DELIVER: {
    title: (ref) => `Mark order ${ref} delivered?`,
    effect: 'The order is complete and changes no more.',
    confirm: 'Mark delivered',
  },
  CANCEL: {
    title: (ref) => `Cancel order ${ref}?`,
    effect: 'It will not be fulfilled.',
    confirm: 'Cancel order',
  },
};

export function OrderPage({ orderId }: { orderId: string }) {
  // An address whose id is no UUID names no order: say so at once rather than ask the database.
  const valid = isUuid(orderId);
  const detail = useQuery({
    queryKey: orderKeys.detail(orderId),
    queryFn: () => getOrderDetail(orderId),
    enabled: valid,
  });
  if (valid && detail.isPending) return <Skeleton label="Loading the order" rows={6} />;
  if (detail.isError)
    return (
      <ErrorNotice error={detail.error} onRetry={() => detail.refetch()} title="Could not load the order" />
    );
  if (!detail.data)
    return (
      <>
        <PageHeading>Order not found</PageHeading>
        <EmptyState title="There is no order with this address, or it is not yours.">
          <p>
            <Link href="/orders">Back to your orders</Link>
          </p>
        </EmptyState>
      </>
    );
  return <OrderView detail={detail.data} />;
}

function OrderView({ detail }: { detail: OrderWithTimeline }) {
  const { order, items, events } = detail;
  const session = useSignedInSession();
  const status = order.status as OrderStatus;
  const actor = {
    role: session.isAdmin ? 'ADMIN' : 'CUSTOMER',
    isOwner: order.owner_sub === session.sub,
  } as const;
  const liveCue = useLiveCue(order.id, order.status);
  // Read once: the note is cleared from the history entry, so a reload or coming back does not repeat it.
  const [justPlaced] = useState(() => (window.history.state as { placed?: boolean } | null)?.placed === true);
  useEffect(() => {
    if (justPlaced) window.history.replaceState({ ...window.history.state, placed: false }, '');
  }, [justPlaced]);

  return (
    <article className="order">
      <p className="back-link">
        <Link href={session.isAdmin ? '/admin/orders' : '/orders'}>← Back to orders</Link>
      </p>
      {justPlaced && (
        <p className="notice notice-success" role="status">
          Order placed. Its status changes show here as they happen.
        </p>
      )}
      <PageHeading actions={<OrderActions detail={detail} actions={availableActions(status, actor)} />}>
        Order {orderRef(order.id)}
      </PageHeading>
      <dl className="facts">
        <div>
          <dt>Status</dt>
          <dd>
            <StatusBadge status={order.status} live={liveCue} />
            {liveCue && <span className="live-cue">Updated just now</span>}
          </dd>
        </div>
        <div>
          <dt>Placed</dt>
          <dd>{formatDateTime(order.created_at)}</dd>
        </div>
        {session.isAdmin && (
          <div>
            <dt>Customer</dt>
            <dd>{order.owner_email}</dd>
          </div>
        )}
        <div>
          <dt>Total</dt>
          <dd>{money(order.total_amount, order.currency)}</dd>
        </div>
      </dl>

      <section aria-labelledby="items-heading">
        <h2 id="items-heading">Items</h2>
        <TableScroller label="Order lines">
          <table>
            <thead>
              <tr>
                <th scope="col">Product</th>
                <th scope="col" className="numeric">
                  Quantity
                </th>
                <th scope="col" className="numeric">
                  Unit price
                </th>
                <th scope="col" className="numeric">
                  Amount
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id}>
                  <th scope="row">{item.product_name}</th>
                  <td className="numeric">{item.quantity}</td>
                  <td className="numeric">{money(item.unit_amount, order.currency)}</td>
                  <td className="numeric">{money(item.line_amount, order.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroller>
      </section>

      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">Status timeline</h2>
        <ol className="timeline">
          {events.map((event) => (
            <li key={event.id}>
              <StatusBadge status={event.to_status} />
              <span>
                {event.type === 'ORDER_PLACED'
                  ? 'Order placed'
                  : `${statusLabel(event.from_status ?? '')} → ${statusLabel(event.to_status)}`}
              </span>
              <time dateTime={event.occurred_at}>{formatDateTime(event.occurred_at)}</time>
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}

/** True for a few seconds after a live event changed this order's status. */
function useLiveCue(orderId: string, status: string): boolean {
  const { lastChange } = useLiveUpdates();
  const [cueFor, setCueFor] = useState<number | null>(null);
  const seen = useRef(lastChange?.sequence ?? 0);
  useEffect(() => {
    if (!lastChange || lastChange.orderId !== orderId || lastChange.sequence <= seen.current) return;
    seen.current = lastChange.sequence;
    setCueFor(lastChange.sequence);
    const timer = setTimeout(() => setCueFor(null), 4000);
    return () => clearTimeout(timer);
  }, [lastChange, orderId]);
  return cueFor !== null && lastChange?.status === status;
}

function OrderActions({ detail, actions }: { detail: OrderWithTimeline; actions: OrderAction[] }) {
  const { order } = detail;
  const session = useSignedInSession();
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<string | null>(null);
  const [asking, setAsking] = useState<OrderAction | null>(null);
  const act = useMutation({
    mutationFn: (action: OrderAction) => {
      const decision = decideAction(order.status as OrderStatus, action, {
        role: session.isAdmin ? 'ADMIN' : 'CUSTOMER',
        isOwner: order.owner_sub === session.sub,
      });
      if (!decision.allowed) throw new UserFacingError('This order can no longer be changed that way.');
      // Admins name the target status; a customer's only move is their own cancel route.
      return session.isAdmin
        ? transitionOrder(order.id, { to: decision.to, expectedVersion: order.version })
        : cancelOrder(order.id, order.version);
    },
    onMutate: () => setNotice(null),
    onError: (error) => {
      if (error instanceof ApiProblem && error.status === 409) {
        setNotice(
          'Someone else changed this order first. The page now shows its latest state; check it and try again.',
        );
      }
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: orderKeys.all }),
  });
  if (actions.length === 0 && !notice) return null;
  return (
    <div className="order-actions">
      {actions.map((action) => (
        <button
          key={action}
          type="button"
          className={action === 'CANCEL' ? 'button-danger' : 'button-primary'}
          disabled={act.isPending}
          onClick={() => setAsking(action)}
        >
          {ACTION_LABELS[action]}
        </button>
      ))}
      {asking && (
        <ConfirmDialog
          title={ACTION_QUESTIONS[asking].title(orderRef(order.id))}
          confirmLabel={ACTION_QUESTIONS[asking].confirm}
          danger={asking === 'CANCEL'}
          onConfirm={() => act.mutate(asking)}
          onClose={() => setAsking(null)}
        >
          <p>{ACTION_QUESTIONS[asking].effect} This cannot be undone.</p>
        </ConfirmDialog>
      )}
      {notice ? (
        <p className="notice notice-warning" role="alert">
          {notice}
        </p>
      ) : (
        act.isError && (
          <p className="notice notice-error" role="alert">
            {describeError(act.error)}
          </p>
        )
      )}
    </div>
  );
}
