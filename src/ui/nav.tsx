import { useEffect, useId, useRef, useState } from 'react';
import { Link, useLocation } from 'wouter';

export interface NavItem {
  href: string;
  label: string;
}

/**
 * The page a location belongs to: the item whose address is the longest prefix of it, so an
 * order's page belongs to "My orders" and the order form to "New order".
 */
export function currentItem(items: readonly NavItem[], location: string): NavItem | undefined {
  return items
    .filter((item) => location === item.href || location.startsWith(`${item.href}/`))
    .sort((a, b) => b.href.length - a.href.length)[0];
}

/** The main navigation, with the current page marked for assistive technology and by sight. */
export function MainNav({ items }: { items: readonly NavItem[] }) {
  const [location] = useLocation();
  const current = currentItem(items, location);
  return (
    <ul>
      {items.map((item) => (
        <li key={item.href}>
          <Link href={item.href} aria-current={item === current ? 'page' : undefined}>
            {item.label}
          </Link>
        </li>
      ))}
    </ul>
  );
}

/**
 * Who is signed in, with sign-out inside: a disclosure button (Escape or a click elsewhere closes
 * it, and moving to another page does too).
 */
export function UserMenu({
  email,
  accountKind,
  onSignOut,
}: {
  email: string;
  /** "Administrator" or "Customer". */
  accountKind: string;
  onSignOut: () => void;
}) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const container = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const [location] = useLocation();
  // biome-ignore lint/correctness/useExhaustiveDependencies: closes on each change of page
  useEffect(() => setOpen(false), [location]);
  useEffect(() => {
    if (!open) return;
    const closeOnEscape = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    const closeOutside = (event: PointerEvent) => {
      if (!container.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', closeOnEscape);
    document.addEventListener('pointerdown', closeOutside);
    return () => {
      document.removeEventListener('keydown', closeOnEscape);
      document.removeEventListener('pointerdown', closeOutside);
    };
  }, [open]);
  return (
    <div className="user-menu" ref={container}>
      <button
        ref={button}
        type="button"
        className="user-menu-button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen(!open)}
      >
        <span className="visually-hidden">Account: </span>
        {email}
      </button>
      <div id={panelId} className="user-menu-panel" hidden={!open}>
        <p>
          Signed in as <strong>{email}</strong>
          <br />
          <span className="muted">{accountKind}</span>
        </p>
        <button type="button" onClick={onSignOut}>
          Sign out
        </button>
      </div>
    </div>
  );
}
