import { describe, expect, it } from 'vitest';
import {
  type Actor,
  availableActions,
  decideAction,
  decideTransition,
  isFinal,
  ORDER_ACTIONS,
  ORDER_STATUSES,
  type OrderAction,
  type OrderStatus,
  type RefusalReason,
} from './order-lifecycle.ts';

const admin: Actor = { role: 'ADMIN', isOwner: false };
const owner: Actor = { role: 'CUSTOMER', isOwner: true };
const stranger: Actor = { role: 'CUSTOMER', isOwner: false };
const actors = { admin, owner, stranger } as const;

type Expected = OrderStatus | RefusalReason;

/**
 * The specification, written out by hand rather than derived from the implementation's table:
 * for each status and action, what admin, owner and stranger get (a target status or a refusal).
 */
const SPEC: Record<
  OrderStatus,
  Record<OrderAction, [admin: Expected, owner: Expected, stranger: Expected]>
> = {
  PENDING: {
    CONFIRM: ['CONFIRMED', 'FORBIDDEN', 'FORBIDDEN'],
    SHIP: ['NOT_ALLOWED_FROM_STATUS', 'NOT_ALLOWED_FROM_STATUS', 'NOT_ALLOWED_FROM_STATUS'],
    DELIVER: ['NOT_ALLOWED_FROM_STATUS', 'NOT_ALLOWED_FROM_STATUS', 'NOT_ALLOWED_FROM_STATUS'],
    CANCEL: ['CANCELLED', 'CANCELLED', 'FORBIDDEN'],
  },
  CONFIRMED: {
    CONFIRM: ['NOT_ALLOWED_FROM_STATUS', 'NOT_ALLOWED_FROM_STATUS', 'NOT_ALLOWED_FROM_STATUS'],
    SHIP: ['SHIPPED', 'FORBIDDEN', 'FORBIDDEN'],
    DELIVER: ['NOT_ALLOWED_FROM_STATUS', 'NOT_ALLOWED_FROM_STATUS', 'NOT_ALLOWED_FROM_STATUS'],
    CANCEL: ['CANCELLED', 'FORBIDDEN', 'FORBIDDEN'],
  },
  SHIPPED: {
    CONFIRM: ['NOT_ALLOWED_FROM_STATUS', 'NOT_ALLOWED_FROM_STATUS', 'NOT_ALLOWED_FROM_STATUS'],
    SHIP: ['NOT_ALLOWED_FROM_STATUS', 'NOT_ALLOWED_FROM_STATUS', 'NOT_ALLOWED_FROM_STATUS'],
    DELIVER: ['DELIVERED', 'FORBIDDEN', 'FORBIDDEN'],
    CANCEL: ['NOT_ALLOWED_FROM_STATUS', 'NOT_ALLOWED_FROM_STATUS', 'NOT_ALLOWED_FROM_STATUS'],
  },
  DELIVERED: {
    CONFIRM: ['FINAL_STATE', 'FINAL_STATE', 'FINAL_STATE'],
    SHIP: ['FINAL_STATE', 'FINAL_STATE', 'FINAL_STATE'],
    DELIVER: ['FINAL_STATE', 'FINAL_STATE', 'FINAL_STATE'],
    CANCEL: ['FINAL_STATE', 'FINAL_STATE', 'FINAL_STATE'],
  },
  CANCELLED: {
    CONFIRM: ['FINAL_STATE', 'FINAL_STATE', 'FINAL_STATE'],
    SHIP: ['FINAL_STATE', 'FINAL_STATE', 'FINAL_STATE'],
    DELIVER: ['FINAL_STATE', 'FINAL_STATE', 'FINAL_STATE'],
    CANCEL: ['FINAL_STATE', 'FINAL_STATE', 'FINAL_STATE'],
  },
};

const triples = ORDER_STATUSES.flatMap((status) =>
  ORDER_ACTIONS.flatMap((action) =>
    (Object.keys(actors) as (keyof typeof actors)[]).map((who, index) => ({
      status,
      action,
      who,
      expected: SPEC[status][action][index] as Expected,
    })),
  ),
);

describe('order lifecycle', () => {
  it('covers every (status, action, role) triple', () => {
    expect(triples).toHaveLength(ORDER_STATUSES.length * ORDER_ACTIONS.length * 3);
  });

  it.each(triples)(
    'given a $status order, when the $who asks to $action, then the answer is $expected',
    ({ status, action, who, expected }) => {
      const decision = decideAction(status, action, actors[who]);
      expect(decision.allowed ? decision.to : decision.reason).toBe(expected);
    },
  );

  it.each(ORDER_STATUSES.flatMap((from) => ORDER_STATUSES.map((to) => ({ from, to }))))(
    'given a $from order, when an admin names target $to, then it agrees with the action table',
    ({ from, to }) => {
      const viaAction = ORDER_ACTIONS.map((action) => decideAction(from, action, admin)).find(
        (decision) => decision.allowed && decision.to === to,
      );
      const viaTarget = decideTransition(from, to, admin);
      expect(viaTarget.allowed).toBe(viaAction !== undefined);
    },
  );

  it('given the final statuses, then they are exactly DELIVERED and CANCELLED', () => {
    expect(ORDER_STATUSES.filter(isFinal)).toEqual(['DELIVERED', 'CANCELLED']);
  });

  it('given a PENDING order, when listing actions, then the owner may only cancel and an admin may confirm or cancel', () => {
    expect(availableActions('PENDING', owner)).toEqual(['CANCEL']);
    expect(availableActions('PENDING', admin)).toEqual(['CONFIRM', 'CANCEL']);
    expect(availableActions('PENDING', stranger)).toEqual([]);
  });
});
