import type { ReactNode } from 'react';
import { Link } from 'wouter';
import { useTotpEnabled } from '../auth/mfa.ts';
import { useSignedInSession } from '../auth/session.tsx';
import { EmptyState, ErrorNotice, PageHeading, Skeleton } from '../ui/feedback.tsx';

/**
 * Admin pages render, and so fetch, only for a token that carries ADMINS. The token of an
 * administrator without TOTP has no ADMINS (pre-token generation withholds it), so such a user
 * cannot be told from a customer by the token: everyone else is told plainly that the page is for
 * administrators, and, only while two-factor sign-in is off, how an administrator opens it.
 */
export function AdminGate({ children }: { children: ReactNode }) {
  const session = useSignedInSession();
  const totp = useTotpEnabled();
  if (session.isAdmin) return <>{children}</>;
  if (totp.isPending) return <Skeleton label="Checking your access" rows={2} />;
  if (totp.isError) return <ErrorNotice error={totp.error} onRetry={() => totp.refetch()} />;
  return (
    <>
      <PageHeading>This page is for administrators</PageHeading>
      <EmptyState title={`You are signed in as ${session.email}, which cannot open administrator pages.`}>
        <p>
          <Link href="/orders" className="button button-primary">
            Back to your orders
          </Link>
        </p>
        {!totp.data && (
          <p className="muted">
            Administrators need two-factor sign-in first:{' '}
            <Link href="/profile">set up an authenticator app on your profile</Link>, then open this page
            again.
          </p>
        )}
      </EmptyState>
    </>
  );
}
