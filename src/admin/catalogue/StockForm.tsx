import { type FormEvent, useId, useState } from 'react';
import { type StockChangeRequest, stockChangeRequestSchema } from '../../../core/catalogue-requests.ts';
import { Field } from './Field.tsx';

export interface StockFormProps {
  onSubmit: (request: StockChangeRequest) => void;
  submitting?: boolean;
  /** A refusal to show at the units field (a 409: open orders hold more than that). */
  serverMessage?: string;
}

type Kind = StockChangeRequest['kind'];

/**
 * Sets the units on hand after a count, or adjusts them by a signed number (a delivery in,
 * breakage out), always with a reason for the audit trail. Validated with the API's own schema.
 */
export function StockForm({ onSubmit, submitting = false, serverMessage }: StockFormProps) {
  const id = useId();
  const [kind, setKind] = useState<Kind>('ADJUST');
  const [units, setUnits] = useState('');
  const [reason, setReason] = useState('');
  const [messages, setMessages] = useState<Map<string, string>>(new Map());

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const amount = units.trim() === '' ? undefined : Number(units);
    const parsed = stockChangeRequestSchema.safeParse(
      kind === 'SET' ? { kind, onHand: amount, reason } : { kind, delta: amount, reason },
    );
    if (!parsed.success) {
      const found = new Map<string, string>();
      for (const issue of parsed.error.issues) {
        // onHand and delta are the same input, read two ways.
        const field = issue.path[0] === 'reason' ? 'reason' : 'units';
        if (!found.has(field))
          found.set(
            field,
            amount === undefined && field === 'units' ? 'Enter a number of units' : issue.message,
          );
      }
      setMessages(found);
      return;
    }
    setMessages(new Map());
    onSubmit(parsed.data);
  };

  const unitsMessage = messages.get('units') ?? serverMessage;
  const reasonMessage = messages.get('reason');
  return (
    <form className="stock-form stack" onSubmit={submit} noValidate aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Change the stock</h2>
      <fieldset className="choice">
        <legend>How</legend>
        <label className="checkbox">
          <input
            type="radio"
            name={`${id}-kind`}
            checked={kind === 'ADJUST'}
            onChange={() => setKind('ADJUST')}
          />
          <span>Adjust by a number of units (negative to remove)</span>
        </label>
        <label className="checkbox">
          <input type="radio" name={`${id}-kind`} checked={kind === 'SET'} onChange={() => setKind('SET')} />
          <span>Set the units on hand (after a count)</span>
        </label>
      </fieldset>
      <Field label={kind === 'SET' ? 'Units on hand' : 'Change in units'} message={unitsMessage}>
        {(props) => (
          <input
            {...props}
            type="number"
            inputMode="numeric"
            step={1}
            value={units}
            onChange={(event) => setUnits(event.target.value)}
          />
        )}
      </Field>
      <Field label="Reason" message={reasonMessage}>
        {(props) => (
          <input
            {...props}
            value={reason}
            placeholder="Delivery from the supplier, stock count, breakage…"
            onChange={(event) => setReason(event.target.value)}
          />
        )}
      </Field>
      <p>
        <button type="submit" className="button-primary" disabled={submitting}>
          {submitting ? 'Saving…' : kind === 'SET' ? 'Set stock' : 'Adjust stock'}
        </button>
      </p>
    </form>
  );
}
