import { type FormEvent, useState } from 'react';
import type { ProblemField } from '../../api/problem.ts';
import { Field } from './Field.tsx';
import {
  type Built,
  type FieldMessages,
  type PriceRow,
  type ProductDraft,
  serverMessages,
} from './product-draft.ts';

export interface ProductFormProps<Request> {
  mode: 'create' | 'edit';
  initial: ProductDraft;
  /** Builds the API request from the draft with the shared schema, or says what is wrong where. */
  build: (draft: ProductDraft) => Built<Request>;
  onSubmit: (request: Request) => void;
  submitting?: boolean;
  /** Field messages the server sent back (a 400's `errors`, or the SKU of a 409). */
  serverFields?: ProblemField[];
  submitLabel: string;
}

/**
 * The product form, for a new product and for editing one. Every message comes from the API's own
 * schema (through `build`) or from the server's answer, beside the field it concerns.
 */
export function ProductForm<Request>({
  mode,
  initial,
  build,
  onSubmit,
  submitting = false,
  serverFields = [],
  submitLabel,
}: ProductFormProps<Request>) {
  const [draft, setDraft] = useState(initial);
  const [messages, setMessages] = useState<FieldMessages>(new Map());
  const [nextRowId, setNextRowId] = useState(() => Math.max(0, ...initial.prices.map((row) => row.id)) + 1);
  const fromServer = serverMessages(serverFields, draft.prices);
  const messageFor = (key: string) => messages.get(key) ?? fromServer.get(key);

  const set = (change: Partial<ProductDraft>) => setDraft((current) => ({ ...current, ...change }));
  const setRow = (id: number, change: Partial<PriceRow>) =>
    set({ prices: draft.prices.map((row) => (row.id === id ? { ...row, ...change } : row)) });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const built = build(draft);
    if (built.messages) {
      setMessages(built.messages);
      return;
    }
    setMessages(new Map());
    onSubmit(built.request);
  };

  const formMessage = messageFor('form');
  return (
    <form className="product-form stack" onSubmit={submit} noValidate>
      {mode === 'create' ? (
        <Field
          label="SKU"
          hint="2-40 letters, digits or dashes; it never changes"
          message={messageFor('sku')}
        >
          {(props) => (
            <input
              {...props}
              value={draft.sku}
              autoComplete="off"
              spellCheck={false}
              onChange={(event) => set({ sku: event.target.value })}
            />
          )}
        </Field>
      ) : null}
      <Field label="Name" message={messageFor('name')}>
        {(props) => (
          <input {...props} value={draft.name} onChange={(event) => set({ name: event.target.value })} />
        )}
      </Field>
      <Field label="Description" message={messageFor('description')}>
        {(props) => (
          <textarea
            {...props}
            rows={3}
            value={draft.description}
            onChange={(event) => set({ description: event.target.value })}
          />
        )}
      </Field>
      <fieldset className="price-rows">
        <legend>Prices</legend>
        {draft.prices.map((row, index) => (
          <div key={row.id} className="price-row">
            <Field label={`Currency ${index + 1}`} message={messageFor(`currency.${row.id}`)}>
              {(props) => (
                <input
                  {...props}
                  className="currency-input"
                  value={row.currency}
                  maxLength={3}
                  autoComplete="off"
                  spellCheck={false}
                  onChange={(event) => setRow(row.id, { currency: event.target.value })}
                />
              )}
            </Field>
            <Field label={`Price ${index + 1}`} message={messageFor(`prices.${row.id}`)}>
              {(props) => (
                <input
                  {...props}
                  inputMode="decimal"
                  placeholder="12.50"
                  value={row.amount}
                  onChange={(event) => setRow(row.id, { amount: event.target.value })}
                />
              )}
            </Field>
            {draft.prices.length > 1 && (
              <button
                type="button"
                onClick={() => set({ prices: draft.prices.filter((other) => other.id !== row.id) })}
                aria-label={`Remove price ${index + 1}${row.currency ? ` (${row.currency})` : ''}`}
              >
                Remove
              </button>
            )}
          </div>
        ))}
        {messageFor('prices') && <p className="field-error">{messageFor('prices')}</p>}
        <button
          type="button"
          onClick={() => {
            set({ prices: [...draft.prices, { id: nextRowId, currency: '', amount: '' }] });
            setNextRowId(nextRowId + 1);
          }}
        >
          Add a price in another currency
        </button>
      </fieldset>
      {mode === 'create' && (
        <>
          <Field label="Units on hand" hint="Counted stock to start with" message={messageFor('onHand')}>
            {(props) => (
              <input
                {...props}
                type="number"
                inputMode="numeric"
                min={0}
                step={1}
                value={draft.onHand}
                onChange={(event) => set({ onHand: event.target.value })}
              />
            )}
          </Field>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={draft.active}
              onChange={(event) => set({ active: event.target.checked })}
            />
            <span>Customers can order it now (active)</span>
          </label>
        </>
      )}
      {formMessage && (
        <p className="field-error" role="alert">
          {formMessage}
        </p>
      )}
      {messages.size > 0 && !formMessage && (
        <p className="field-error" role="alert">
          Check the {messages.size === 1 ? 'field' : 'fields'} marked above.
        </p>
      )}
      <p>
        <button type="submit" className="button-primary" disabled={submitting}>
          {submitting ? 'Saving…' : submitLabel}
        </button>
      </p>
    </form>
  );
}
