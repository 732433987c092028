import type { ReactNode } from 'react';
import { Link } from 'wouter';
import { useTotpEnabled } from '../auth/mfa.ts';
import { useSignedInSession } from '../auth/session.tsx';
import { EmptyState, ErrorNotice, PageHeading, Skeleton } from '../ui/feedback.tsx';

/**
 * Admin pages render, and so fetch, only for a token that carries ADMINS. The token of an
 * administrator without TOTP has no ADMINS (pre-token generation withholds it), so such a user
 * cannot be told from a customer by the token: anyone here without TOTP is asked to set it up.
 */
export function AdminGate({ children }: { children: ReactNode }) {
  const session = useSignedInSession();
  const totp = useTotpEnabled();
  if (session.isAdmin) return <>{children}</>;
  if (totp.isPending) return <Skeleton label="Checking your access" rows={2} />;
  if (totp.isError) return <ErrorNotice error={totp.error} onRetry={() => totp.refetch()} />;
  if (!totp.data)
    return (
      <>
        <PageHeading>Set up two-factor sign-in</PageHeading>
        <EmptyState title="Administrator pages need two-factor sign-in.">
          <p>
            If you are an administrator,{' '}
            <Link href="/profile">set up an authenticator app on your profile</Link>; the admin pages open
            once it is on.
          </p>
        </EmptyState>
      </>
    );
  return (
    <>
      <PageHeading>Administrators only</PageHeading>
      <EmptyState title="This page is for administrators." />
    </>
  );
}
