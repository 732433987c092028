import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Router } from 'wouter';
import { memoryLocation } from 'wouter/memory-location';
import { MainNav, UserMenu } from './nav.tsx';

afterEach(cleanup);

const ITEMS = [
  { href: '/orders', label: 'My orders' },
  { href: '/orders/new', label: 'New order' },
  { href: '/admin/orders', label: 'All orders' },
];

function at(path: string, children: React.ReactNode) {
  return render(<Router hook={memoryLocation({ path }).hook}>{children}</Router>);
}

describe('the main navigation', () => {
  it('given the order form open, when the menu shows, then only "New order" is marked as the current page', () => {
    at('/orders/new', <MainNav items={ITEMS} />);
    expect(screen.getByRole('link', { name: 'New order' }).getAttribute('aria-current')).toBe('page');
    expect(screen.getByRole('link', { name: 'My orders' }).getAttribute('aria-current')).toBeNull();
  });

  it('given one of the customer\'s orders open, when the menu shows, then it belongs to "My orders"', () => {
    at('/orders/0d11b9ba-21a8-7d23-acd5-c14f9d1a9395', <MainNav items={ITEMS} />);
    expect(screen.getByRole('link', { name: 'My orders' }).getAttribute('aria-current')).toBe('page');
  });
});

describe('the user menu', () => {
  const open = (onSignOut = vi.fn()) => {
    at('/orders', <UserMenu email="alice@example.com" accountKind="Customer" onSignOut={onSignOut} />);
    return screen.getByRole('button', { name: 'Account: alice@example.com' });
  };

  it('given a signed-in user, when the page shows, then the menu names them and keeps sign-out inside, closed', () => {
    const button = open();
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('button', { name: 'Sign out' })).toBeNull();
  });

  it('given the menu, when opened and Sign out pressed, then the user is signed out', () => {
    const onSignOut = vi.fn();
    fireEvent.click(open(onSignOut));
    expect(screen.getByText('Customer')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(onSignOut).toHaveBeenCalledOnce();
  });

  it('given the menu open, when Escape is pressed, then it closes and focus returns to its button', () => {
    const button = open();
    fireEvent.click(button);
    fireEvent.keyDown(document, { key: 'Escape' });
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(button);
  });
});
