/**
 * The order lifecycle as one table. The API enforces it, the local cloud runs the same API, and the
 * SPA asks it which buttons to show, so the three can never disagree.
 *
 *   PENDING -> CONFIRMED -> SHIPPED -> DELIVERED
 *   PENDING | CONFIRMED -> CANCELLED
 */
export const ORDER_STATUSES = ['PENDING', 'CONFIRMED', 'SHIPPED', 'DELIVERED', 'CANCELLED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** How a status reads to people (badges, emails, the report CSV): sentence case, never the code. */
export const ORDER_STATUS_LABELS: Readonly<Record<OrderStatus, string>> = {
  PENDING: 'Pending',
  CONFIRMED: 'Confirmed',
  SHIPPED: 'Shipped',
  DELIVERED: 'Delivered',
  CANCELLED: 'Cancelled',
};

/**
 * A status as people read it: an order's from the labels above ("Confirmed"), any other (a
 * report's RUNNING) in sentence case the same way.
 */
export function statusLabel(status: string): string {
  return ORDER_STATUS_LABELS[status as OrderStatus] ?? `${status.charAt(0)}${status.slice(1).toLowerCase()}`;
}

export const ORDER_ACTIONS = ['CONFIRM', 'SHIP', 'DELIVER', 'CANCEL'] as const;
export type OrderAction = (typeof ORDER_ACTIONS)[number];

export const ROLES = ['CUSTOMER', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

/** Who is acting on an order: their role, and whether the order is theirs. */
export interface Actor {
  role: Role;
  isOwner: boolean;
}

interface TransitionRule {
  action: OrderAction;
  from: OrderStatus;
  to: OrderStatus;
  /** A customer may use the rule only on an order they own; admins act on any order. */
  customerMayUse: boolean;
}

const RULES: readonly TransitionRule[] = [
  { action: 'CONFIRM', from: 'PENDING', to: 'CONFIRMED', customerMayUse: false },
  { action: 'SHIP', from: 'CONFIRMED', to: 'SHIPPED', customerMayUse: false },
  { action: 'DELIVER', from: 'SHIPPED', to: 'DELIVERED', customerMayUse: false },
  { action: 'CANCEL', from: 'PENDING', to: 'CANCELLED', customerMayUse: true },
  { action: 'CANCEL', from: 'CONFIRMED', to: 'CANCELLED', customerMayUse: false },
];

export const FINAL_STATUSES: ReadonlySet<OrderStatus> = new Set(
  ORDER_STATUSES.filter((status) => !RULES.some((rule) => rule.from === status)),
);

export function isFinal(status: OrderStatus): boolean {
  return FINAL_STATUSES.has(status);
}

/**
 * Why a move was refused:
 * - `FINAL_STATE`: the order is DELIVERED or CANCELLED and never changes again;
 * - `NOT_ALLOWED_FROM_STATUS`: the lifecycle has no such move from the current status;
 * - `FORBIDDEN`: the move exists, but not for this actor.
 */
export type RefusalReason = 'FINAL_STATE' | 'NOT_ALLOWED_FROM_STATUS' | 'FORBIDDEN';

export type Decision =
  | { allowed: true; action: OrderAction; from: OrderStatus; to: OrderStatus }
  | { allowed: false; reason: RefusalReason; from: OrderStatus };

function mayUse(rule: TransitionRule, actor: Actor): boolean {
  return actor.role === 'ADMIN' || (rule.customerMayUse && actor.isOwner);
}

function decideAmong(from: OrderStatus, candidates: TransitionRule[], actor: Actor): Decision {
  if (isFinal(from)) return { allowed: false, reason: 'FINAL_STATE', from };
  const rule = candidates.find((candidate) => candidate.from === from);
  if (!rule) return { allowed: false, reason: 'NOT_ALLOWED_FROM_STATUS', from };
  if (!mayUse(rule, actor)) return { allowed: false, reason: 'FORBIDDEN', from };
  return { allowed: true, action: rule.action, from, to: rule.to };
}

/** May `actor` perform `action` on an order in status `from`? */
export function decideAction(from: OrderStatus, action: OrderAction, actor: Actor): Decision {
  return decideAmong(
    from,
    RULES.filter((rule) => rule.action === action),
    actor,
  );
}

/** May `actor` move an order from `from` to `to`? (The admin API names the target status.) */
export function decideTransition(from: OrderStatus, to: OrderStatus, actor: Actor): Decision {
  return decideAmong(
    from,
    RULES.filter((rule) => rule.to === to),
    actor,
  );
}

/** The actions `actor` may take on an order in `status`, in lifecycle order: what the UI offers. */
export function availableActions(status: OrderStatus, actor: Actor): OrderAction[] {
  return ORDER_ACTIONS.filter((action) => decideAction(status, action, actor).allowed);
}
