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
    expect(screen.getByRole('alert').textContent).toBe('Add at least one product');
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

  it('given quantities, when the currency changes, then the quantities of products sold in it stay', () => {
    const onSubmit = vi.fn();
    render(
      <OrderForm
        products={[
          { id: TEA, name: 'Green tea', description: '100 g', prices: { EUR: 1100, USD: 1250 } },
          { id: MUG, name: 'Mug', description: 'Stoneware', prices: { USD: 900 } },
        ]}
        onSubmit={onSubmit}
      />,
    );
    fireEvent.change(screen.getByLabelText('Currency'), { target: { value: 'USD' } });
    fireEvent.change(screen.getByLabelText('Green tea'), { target: { value: '2' } });
    fireEvent.change(screen.getByLabelText('Mug'), { target: { value: '1' } });
    fireEvent.change(screen.getByLabelText('Currency'), { target: { value: 'EUR' } });
    expect((screen.getByLabelText('Green tea') as HTMLInputElement).value).toBe('2');
    expect(screen.getByTestId('order-total').textContent).toBe('€22.00');
  });

  it("given a product's error, when its quantity is corrected, then the error goes at once", () => {
    const form = renderForm();
    form.type('Mug', '1001');
    form.submit();
    form.type('Mug', '2');
    expect(screen.queryByText('Quantity must be at most 1000')).toBeNull();
    expect(form.quantity('Mug').getAttribute('aria-invalid')).toBeNull();
  });

  it('given the "add a product" error, when a quantity is typed, then the error goes at once', () => {
    const form = renderForm();
    form.submit();
    form.type('Mug', '1');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it("given the server's error at a product, when that quantity is edited, then the stale error goes", () => {
    const onSubmit = vi.fn();
    const { rerender } = render(<OrderForm products={CATALOGUE} onSubmit={onSubmit} />);
    fireEvent.change(screen.getByLabelText('Green tea'), { target: { value: '5' } });
    fireEvent.click(screen.getByRole('button', { name: 'Place order' }));
    rerender(
      <OrderForm
        products={CATALOGUE}
        onSubmit={onSubmit}
        serverFields={[{ path: 'items.0.quantity', message: 'Only 3 left' }]}
      />,
    );
    expect(screen.getByText('Only 3 left')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Green tea'), { target: { value: '3' } });
    expect(screen.queryByText('Only 3 left')).toBeNull();
  });

  it('given a line the order would refuse, when the total is estimated, then that line is left out', () => {
    const form = renderForm();
    form.type('Green tea', '2');
    form.type('Mug', '1001');
    expect(screen.getByTestId('order-total').textContent).toBe('$25.00');
  });
});

describe('the place-order form and stock', () => {
  const stocked = (availability: CatalogueProduct['availability']): CatalogueProduct[] => [
    { id: TEA, name: 'Green tea', description: '100 g', prices: { USD: 1250 }, availability },
    {
      id: MUG,
      name: 'Mug',
      description: 'Stoneware',
      prices: { USD: 900 },
      availability: { level: 'IN_STOCK', availableWhenLow: null },
    },
  ];

  it('given each level, when shown, then the product says "In stock", "Only N left" or "Out of stock"', () => {
    const { rerender } = render(
      <OrderForm products={stocked({ level: 'LOW_STOCK', availableWhenLow: 2 })} onSubmit={vi.fn()} />,
    );
    expect(screen.getByText('Only 2 left')).toBeTruthy();
    expect(screen.getByText('In stock')).toBeTruthy();
    rerender(
      <OrderForm products={stocked({ level: 'OUT_OF_STOCK', availableWhenLow: null })} onSubmit={vi.fn()} />,
    );
    expect(screen.getByText('Out of stock')).toBeTruthy();
  });

  it('given a product out of stock, when the page shows it, then it cannot be chosen', () => {
    render(
      <OrderForm products={stocked({ level: 'OUT_OF_STOCK', availableWhenLow: null })} onSubmit={vi.fn()} />,
    );
    expect((screen.getByLabelText('Green tea') as HTMLInputElement).disabled).toBe(true);
    expect((screen.getByLabelText('Mug') as HTMLInputElement).disabled).toBe(false);
  });

  it('given more than the few left, when typed, then the line says how many are left', () => {
    render(<OrderForm products={stocked({ level: 'LOW_STOCK', availableWhenLow: 2 })} onSubmit={vi.fn()} />);
    fireEvent.change(screen.getByLabelText('Green tea'), { target: { value: '3' } });
    expect(screen.getByText('Only 2 left: lower the quantity to 2 or less')).toBeTruthy();
    expect(screen.getByLabelText('Green tea').getAttribute('aria-invalid')).toBe('true');
  });

  it('given a chosen product, when it runs out while the page is open, then its line says so and stays editable to clear it', () => {
    const { rerender } = render(
      <OrderForm products={stocked({ level: 'LOW_STOCK', availableWhenLow: 2 })} onSubmit={vi.fn()} />,
    );
    fireEvent.change(screen.getByLabelText('Green tea'), { target: { value: '1' } });
    rerender(
      <OrderForm products={stocked({ level: 'OUT_OF_STOCK', availableWhenLow: null })} onSubmit={vi.fn()} />,
    );
    expect(screen.getByText('Out of stock now: remove it to place your order')).toBeTruthy();
    expect((screen.getByLabelText('Green tea') as HTMLInputElement).disabled).toBe(false);
  });
});
