import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProductForm } from './ProductForm.tsx';
import { changeRequestFrom, createRequestFrom, draftFrom, emptyDraft } from './product-draft.ts';

afterEach(cleanup);

const field = (label: string) => screen.getByLabelText(label) as HTMLInputElement;
const type = (label: string, value: string) => fireEvent.change(field(label), { target: { value } });
/** The message tied to a field (aria-describedby), as a screen reader would announce it. */
const messageAt = (label: string) =>
  (field(label).getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id))
    .filter((element) => element?.classList.contains('field-error'))
    .map((element) => element?.textContent)
    .join(' ');

function renderCreate(serverFields?: { path: string; message: string }[]) {
  const onSubmit = vi.fn();
  render(
    <ProductForm
      mode="create"
      initial={emptyDraft()}
      build={createRequestFrom}
      onSubmit={onSubmit}
      serverFields={serverFields}
      submitLabel="Add product"
    />,
  );
  const submit = () => fireEvent.click(screen.getByRole('button', { name: 'Add product' }));
  return { onSubmit, submit };
}

describe('the new-product form', () => {
  it('given nothing typed, when submitted, then the shared schema explains each field beside it and nothing is sent', () => {
    const form = renderCreate();
    form.submit();
    expect(messageAt('SKU')).toBe('SKU is 2-40 letters, digits or dashes, starting with a letter or digit');
    expect(messageAt('Name')).toBe('Name is required');
    expect(messageAt('Price 1')).toBe('Enter a price');
    expect(field('Name').getAttribute('aria-invalid')).toBe('true');
    expect(form.onSubmit).not.toHaveBeenCalled();
  });

  it('given a product typed as an admin reads it, when submitted, then the request is the schema output: SKU normalized, prices in minor units', () => {
    const form = renderCreate();
    type('SKU', '  desk-lamp-2 ');
    type('Name', 'Desk lamp');
    type('Price 1', '39.90');
    fireEvent.click(screen.getByRole('button', { name: 'Add a price in another currency' }));
    type('Currency 2', 'jpy');
    type('Price 2', '5980');
    type('Units on hand', '2');
    form.submit();
    expect(form.onSubmit).toHaveBeenCalledWith({
      sku: 'DESK-LAMP-2',
      name: 'Desk lamp',
      description: '',
      prices: { USD: 3990, JPY: 5980 },
      active: true,
      onHand: 2,
    });
  });

  it('given an unknown currency, when submitted, then the currency code schema says so at that currency', () => {
    const form = renderCreate();
    type('SKU', 'MUG-1');
    type('Name', 'Mug');
    type('Currency 1', 'US');
    type('Price 1', '5');
    form.submit();
    expect(messageAt('Currency 1')).toBe('Currency must be a three-letter ISO 4217 code in capitals');
    expect(form.onSubmit).not.toHaveBeenCalled();
  });

  it('given a price with more decimals than its currency has, when submitted, then the message sits at that price', () => {
    const form = renderCreate();
    type('SKU', 'MUG-1');
    type('Name', 'Mug');
    type('Currency 1', 'JPY');
    type('Price 1', '12.5');
    form.submit();
    expect(messageAt('Price 1')).toBe('JPY prices are whole numbers');
    expect(form.onSubmit).not.toHaveBeenCalled();
  });

  it('given the same currency twice, when submitted, then the second says it is listed twice', () => {
    const form = renderCreate();
    fireEvent.click(screen.getByRole('button', { name: 'Add a price in another currency' }));
    type('Currency 2', 'usd');
    type('Price 1', '1');
    type('Price 2', '2');
    form.submit();
    expect(messageAt('Price 2')).toBe('USD is listed twice');
  });

  it('given negative stock, when submitted, then the stock schema refuses it at the field', () => {
    const form = renderCreate();
    type('Units on hand', '-1');
    form.submit();
    expect(messageAt('Units on hand')).toBe('Stock cannot be negative');
  });

  it("given the server's field messages, when shown, then each sits at its field (a price by its currency)", () => {
    renderCreate([
      { path: 'sku', message: 'Another product already has SKU MUG-1' },
      { path: 'prices.USD', message: 'A price is at most 100000000000 minor units' },
    ]);
    expect(messageAt('SKU')).toBe('Another product already has SKU MUG-1');
    expect(messageAt('Price 1')).toBe('A price is at most 100000000000 minor units');
  });
});

describe('the edit-product form', () => {
  const product = { sku: 'MUG-1', name: 'Mug', description: 'Stoneware', version: 4 };
  const prices = { EUR: 850, USD: 900 };

  function renderEdit() {
    const onSubmit = vi.fn();
    render(
      <ProductForm
        mode="edit"
        initial={draftFrom(product, prices)}
        build={(draft) => changeRequestFrom(draft, product, prices)}
        onSubmit={onSubmit}
        submitLabel="Save changes"
      />,
    );
    return { onSubmit, submit: () => fireEvent.click(screen.getByRole('button', { name: 'Save changes' })) };
  }

  it('given the product as it is, when opened, then its prices read in major units and the SKU cannot be edited', () => {
    renderEdit();
    expect(field('Price 1').value).toBe('8.50');
    expect(field('Currency 2').value).toBe('USD');
    expect(screen.queryByLabelText('SKU')).toBeNull();
  });

  it('given nothing changed, when saved, then the schema asks for a change and nothing is sent', () => {
    const form = renderEdit();
    form.submit();
    expect(screen.getByRole('alert').textContent).toBe(
      'Change at least one of name, description, prices, active',
    );
    expect(form.onSubmit).not.toHaveBeenCalled();
  });

  it('given a new name only, when saved, then only the name is sent, against the version the form started from', () => {
    const form = renderEdit();
    type('Name', 'Large mug');
    form.submit();
    expect(form.onSubmit).toHaveBeenCalledWith({ expectedVersion: 4, name: 'Large mug' });
  });

  it('given a price removed, when saved, then the whole new price list is sent', () => {
    const form = renderEdit();
    fireEvent.click(screen.getByRole('button', { name: 'Remove price 1 (EUR)' }));
    form.submit();
    expect(form.onSubmit).toHaveBeenCalledWith({ expectedVersion: 4, prices: { USD: 900 } });
  });
});
