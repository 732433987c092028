import { type FormEvent, useId, useMemo, useState } from 'react';
import {
  type CreateOrderRequest,
  createOrderRequestSchema,
  MAX_QUANTITY,
} from '../../core/order-requests.ts';
import type { CatalogueProduct } from '../api/orders.ts';
import type { ProblemField } from '../api/problem.ts';
import { money } from '../ui/format.ts';
import { availabilityText, isOrderable, shortfall } from './availability.ts';

export interface OrderFormProps {
  products: CatalogueProduct[];
  onSubmit: (request: CreateOrderRequest) => void;
  submitting?: boolean;
  /** Field messages the server sent back (same paths as the schema's). */
  serverFields?: ProblemField[];
}

interface Draft {
  currency: string;
  /** What the user typed, by product id; an empty or zero entry leaves the product out. */
  quantities: Record<string, string>;
}

function requestFrom(draft: Draft) {
  return {
    currency: draft.currency,
    items: Object.entries(draft.quantities)
      .filter(([, typed]) => typed.trim() !== '' && Number(typed) !== 0)
      .map(([productId, typed]) => ({ productId, quantity: Number(typed) })),
  };
}

/** Messages by field: `items` (the order as a whole) and `items.<productId>` for a product's line. */
function messagesFrom(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
  request: ReturnType<typeof requestFrom>,
) {
  const messages = new Map<string, string>();
  for (const issue of issues) {
    const [field, index] = issue.path;
    const productId = typeof index === 'number' ? request.items[index]?.productId : undefined;
    const key = field === 'items' && productId ? `items.${productId}` : String(field ?? 'items');
    if (!messages.has(key)) messages.set(key, issue.message);
  }
  return messages;
}

/**
 * The place-order form. Validation is the API's own schema (core/order-requests.ts), so a message
 * here is the one the server would send. The total is an estimate from the catalogue prices; the
 * server computes the real one.
 */
export function OrderForm({ products, onSubmit, submitting = false, serverFields = [] }: OrderFormProps) {
  const currencies = useMemo(
    () => [...new Set(products.flatMap((product) => Object.keys(product.prices)))].sort(),
    [products],
  );
  const [draft, setDraft] = useState<Draft>({ currency: currencies[0] ?? 'USD', quantities: {} });
  const [issues, setIssues] = useState<Map<string, string>>(new Map());
  // What was last sent: the server's messages are about it, and stale once the user changes it.
  const [sent, setSent] = useState<Draft | null>(null);
  const formId = useId();
  const request = requestFrom(draft);
  const priced = products.filter((product) => product.prices[draft.currency] !== undefined);

  const estimate = request.items.reduce((sum, item) => {
    const unit = products.find((product) => product.id === item.productId)?.prices[draft.currency];
    const orderable = Number.isInteger(item.quantity) && item.quantity > 0 && item.quantity <= MAX_QUANTITY;
    return orderable && unit !== undefined ? sum + unit * item.quantity : sum;
  }, 0);

  const serverMessages = messagesFrom(
    serverFields.map((field) => ({
      path: field.path.split(/[./]/).filter(Boolean).map(toPathPart),
      message: field.message,
    })),
    request,
  );
  const stillAsSent = (key: string) => {
    if (!sent) return true;
    const productId = key.startsWith('items.') ? key.slice('items.'.length) : undefined;
    if (productId) return (draft.quantities[productId] ?? '') === (sent.quantities[productId] ?? '');
    return JSON.stringify(requestFrom(draft)) === JSON.stringify(requestFrom(sent));
  };
  const messageFor = (key: string) =>
    issues.get(key) ?? (stillAsSent(key) ? serverMessages.get(key) : undefined);

  /** A changed quantity: its own message and the order's are out of date until the next submit. */
  const changeQuantity = (productId: string, typed: string) => {
    setDraft({ ...draft, quantities: { ...draft.quantities, [productId]: typed } });
    const stale = [`items.${productId}`, 'items'];
    setIssues(new Map([...issues].filter(([key]) => !stale.includes(key))));
  };

  /** Another currency keeps the quantities of the products sold in it. */
  const changeCurrency = (currency: string) => {
    const kept = Object.entries(draft.quantities).filter(
      ([productId]) => products.find((product) => product.id === productId)?.prices[currency] !== undefined,
    );
    setDraft({ currency, quantities: Object.fromEntries(kept) });
    setIssues(new Map());
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = createOrderRequestSchema.safeParse(request);
    if (!parsed.success) {
      setIssues(messagesFrom(parsed.error.issues, request));
      return;
    }
    setIssues(new Map());
    setSent(draft);
    onSubmit(parsed.data);
  };

  const orderMessage = messageFor('items') ?? messageFor('currency');
  return (
    <form className="order-form" onSubmit={submit} noValidate aria-describedby={`${formId}-total`}>
      {currencies.length > 1 && (
        <label className="field">
          <span>Currency</span>
          <select value={draft.currency} onChange={(event) => changeCurrency(event.target.value)}>
            {currencies.map((currency) => (
              <option key={currency}>{currency}</option>
            ))}
          </select>
        </label>
      )}
      <fieldset>
        <legend>Catalogue</legend>
        <ul className="catalogue">
          {priced.map((product) => {
            const typed = draft.quantities[product.id] ?? '';
            // A line the stock cannot cover is marked at once; the server has the last word.
            const message =
              messageFor(`items.${product.id}`) ?? shortfall(product.availability, Number(typed));
            const inputId = `${formId}-${product.id}`;
            const availabilityId = product.availability ? `${inputId}-availability` : undefined;
            return (
              <li key={product.id} className="catalogue-item">
                <div>
                  <label htmlFor={inputId} className="product-name">
                    {product.name}
                  </label>
                  <p className="muted">{product.description}</p>
                  <p>{money(product.prices[draft.currency] ?? 0, draft.currency)} each</p>
                  {product.availability && (
                    <p
                      id={availabilityId}
                      className={`availability availability-${product.availability.level}`}
                    >
                      {availabilityText(product.availability)}
                    </p>
                  )}
                </div>
                <div className="quantity">
                  <button
                    type="button"
                    className="stepper"
                    aria-label={`One ${product.name} fewer`}
                    disabled={!(Number(typed) > 0)}
                    onClick={() => changeQuantity(product.id, stepped(typed, -1))}
                  >
                    −
                  </button>
                  <input
                    id={inputId}
                    type="number"
                    inputMode="numeric"
                    min={0}
                    max={MAX_QUANTITY}
                    step={1}
                    placeholder="0"
                    value={typed}
                    // Out of stock cannot be chosen; a line chosen before it ran out stays editable to clear it.
                    disabled={!isOrderable(product.availability) && typed.trim() === ''}
                    aria-invalid={message ? true : undefined}
                    aria-describedby={
                      [availabilityId, message && `${inputId}-error`].filter(Boolean).join(' ') || undefined
                    }
                    onChange={(event) => changeQuantity(product.id, event.target.value)}
                  />
                  <button
                    type="button"
                    className="stepper"
                    aria-label={`One more ${product.name}`}
                    disabled={!isOrderable(product.availability) || Number(typed) >= MAX_QUANTITY}
                    onClick={() => changeQuantity(product.id, stepped(typed, 1))}
                  >
                    +
                  </button>
                </div>
                {/* Its line is always there, so a message appearing moves no input. */}
                <p id={`${inputId}-error`} className="field-error catalogue-item-error">
                  {message}
                </p>
              </li>
            );
          })}
        </ul>
      </fieldset>
      {orderMessage && (
        <p className="field-error" role="alert">
          {orderMessage}
        </p>
      )}
      <div className="order-form-footer">
        <p id={`${formId}-total`} aria-live="polite">
          Estimated total: <strong data-testid="order-total">{money(estimate, draft.currency)}</strong>
          <span className="muted"> (the final total is computed when you place the order)</span>
        </p>
        <button type="submit" className="button-primary" disabled={submitting}>
          {submitting ? 'Placing order…' : 'Place order'}
        </button>
      </div>
    </form>
  );
}

/** The quantity one step up or down from what was typed (anything not a count reads as 0). */
function stepped(typed: string, step: 1 | -1): string {
  const current = Number.isInteger(Number(typed)) && Number(typed) > 0 ? Number(typed) : 0;
  const next = Math.min(MAX_QUANTITY, Math.max(0, current + step));
  return next === 0 ? '' : String(next);
}

function toPathPart(part: string): string | number {
  return /^\d+$/.test(part) ? Number(part) : part;
}
