import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StockForm } from './StockForm.tsx';

afterEach(cleanup);

function renderForm(serverMessage?: string) {
  const onSubmit = vi.fn();
  render(<StockForm onSubmit={onSubmit} serverMessage={serverMessage} />);
  const type = (label: string, value: string) =>
    fireEvent.change(screen.getByLabelText(label), { target: { value } });
  return { onSubmit, type };
}

const errorOf = (label: string) => {
  const id = screen.getByLabelText(label).getAttribute('aria-describedby');
  return id ? document.getElementById(id)?.textContent : undefined;
};

describe('the stock form', () => {
  it('given an adjustment of 0 and no reason, when submitted, then the shared schema explains both and nothing is sent', () => {
    const form = renderForm();
    form.type('Change in units', '0');
    fireEvent.click(screen.getByRole('button', { name: 'Adjust stock' }));
    expect(errorOf('Change in units')).toBe('Delta cannot be 0');
    expect(errorOf('Reason')).toBe('Say why, in at least 3 characters');
    expect(form.onSubmit).not.toHaveBeenCalled();
  });

  it('given no number, when submitted, then it asks for one', () => {
    const form = renderForm();
    form.type('Reason', 'Delivery');
    fireEvent.click(screen.getByRole('button', { name: 'Adjust stock' }));
    expect(errorOf('Change in units')).toBe('Enter a number of units');
    expect(form.onSubmit).not.toHaveBeenCalled();
  });

  it('given a negative adjustment with a reason, when submitted, then the request is an ADJUST by that delta', () => {
    const form = renderForm();
    form.type('Change in units', '-3');
    form.type('Reason', 'Broken in the warehouse');
    fireEvent.click(screen.getByRole('button', { name: 'Adjust stock' }));
    expect(form.onSubmit).toHaveBeenCalledWith({
      kind: 'ADJUST',
      delta: -3,
      reason: 'Broken in the warehouse',
    });
  });

  it('given "set" chosen, when a count is submitted, then the request sets the units on hand', () => {
    const form = renderForm();
    fireEvent.click(screen.getByLabelText('Set the units on hand (after a count)'));
    form.type('Units on hand', '12');
    form.type('Reason', 'Stock count');
    fireEvent.click(screen.getByRole('button', { name: 'Set stock' }));
    expect(form.onSubmit).toHaveBeenCalledWith({ kind: 'SET', onHand: 12, reason: 'Stock count' });
  });

  it('given a negative count to set, when submitted, then the schema refuses it at the units', () => {
    const form = renderForm();
    fireEvent.click(screen.getByLabelText('Set the units on hand (after a count)'));
    form.type('Units on hand', '-1');
    form.type('Reason', 'Stock count');
    fireEvent.click(screen.getByRole('button', { name: 'Set stock' }));
    expect(errorOf('Units on hand')).toBe('Stock cannot be negative');
  });

  it("given the server's refusal, when shown, then it sits at the units field", () => {
    renderForm('Open orders hold 4 units: stock cannot go below that.');
    expect(errorOf('Change in units')).toBe('Open orders hold 4 units: stock cannot go below that.');
  });
});
