import { signOut } from 'aws-amplify/auth';
import type { Session } from './auth/session.tsx';
import { MainNav, type NavItem, UserMenu } from './ui/nav.tsx';

const CUSTOMER_NAV: NavItem[] = [
  { href: '/orders', label: 'My orders' },
  { href: '/orders/new', label: 'New order' },
  { href: '/profile', label: 'Profile' },
];
// Admins start from every customer's orders; their own come after.
const ADMIN_NAV: NavItem[] = [
  { href: '/admin/orders', label: 'All orders' },
  ...CUSTOMER_NAV.slice(0, 2),
  { href: '/admin/dashboard', label: 'Dashboard' },
  { href: '/admin/reports', label: 'Reports' },
  { href: '/admin/catalogue', label: 'Catalogue' },
  ...CUSTOMER_NAV.slice(2),
];

/**
 * The header's signed-in part: the main navigation and the user menu. A chunk of its own, loaded
 * with the signed-in app, so the signed-out first page does not carry it (nor sign-out's code).
 */
export default function SignedInHeader({ session }: { session: Extract<Session, { status: 'signedIn' }> }) {
  return (
    <>
      <nav aria-label="Main">
        <MainNav items={session.isAdmin ? ADMIN_NAV : CUSTOMER_NAV} />
      </nav>
      <UserMenu
        email={session.email}
        accountKind={session.isAdmin ? 'Administrator' : 'Customer'}
        onSignOut={() => signOut()}
      />
    </>
  );
}
