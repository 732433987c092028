import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CatalogueProduct } from '../api/orders.ts';
import { OrderForm } from './OrderForm.tsx';

const TEA = '00000000-0000-4000-8000-0000000000a1';
const MUG = '00000000-0000-4000-8000-0000000000a2';
const CATALOGUE: CatalogueProduct[] = [
  { id: TEA, name: 'Green tea', description: '100 g', prices: { USD: 1250 } },
  { id: MUG, name: 'Mug', description: 'Stoneware', prices: { USD: 900 } },
];

afterEach(cleanup);

function renderForm() {
  const onSubmit = vi.fn();
  render(<OrderForm products={CATALOGUE} onSubmit={onSubmit} />);
  const quantity = (name: string) => screen.getByLabelText(name) as HTMLInputElement;
  const type = (name: string, value: string) => fireEvent.change(quantity(name), { target: { value } });
  const submit = () => fireEvent.click(screen.getByRole('button', { name: 'Place order' }));
  return { onSubmit, type, submit, quantity };
}

describe('the place-order form', () => {
  it('given quantities, when they change, then the estimated total follows the catalogue prices', () => {
    const form = renderForm();
    form.type('Green tea', '2');
    form.type('Mug', '1');
    expect(screen.getByTestId('order-total').textContent).toBe('$34.00');
  });

  it('given no product chosen, when submitted, then the shared schema explains why and nothing is sent', () => {
    const form = renderForm();
    form.submit();
    expect(screen.getByRole('alert').textContent).toBe('An order needs at least one line item');
    expect(form.onSubmit).not.toHaveBeenCalled();
  });

  it('given a quantity above the limit, when submitted, then the message appears at that product', () => {
    const form = renderForm();
    form.type('Mug', '1001');
    form.submit();
    expect(form.quantity('Mug').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Quantity must be at most 1000')).toBeTruthy();
    expect(form.onSubmit).not.toHaveBeenCalled();
  });

  it('given a fractional quantity, when submitted, then the schema asks for a whole number', () => {
    const form = renderForm();
    form.type('Green tea', '1.5');
    form.submit();
    expect(screen.getByText('Quantity must be a whole number')).toBeTruthy();
  });

  it('given a valid choice, when submitted, then the request is the parsed API shape without untouched products', () => {
    const form = renderForm();
    form.type('Green tea', '3');
    form.type('Mug', '0');
    form.submit();
    expect(form.onSubmit).toHaveBeenCalledWith({ currency: 'USD', items: [{ productId: TEA, quantity: 3 }] });
  });

  it('given field errors from the server, when shown, then each sits at its product', () => {
    const onSubmit = vi.fn();
    render(
      <OrderForm
        products={CATALOGUE}
        onSubmit={onSubmit}
        serverFields={[{ path: 'items.0.productId', message: 'Product is not for sale' }]}
      />,
    );
    fireEvent.change(screen.getByLabelText('Mug'), { target: { value: '2' } });
    expect(screen.getByText('Product is not for sale')).toBeTruthy();
  });
});
