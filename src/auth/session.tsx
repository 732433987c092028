import { fetchAuthSession } from 'aws-amplify/auth';
import { Hub } from 'aws-amplify/utils';
import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';
import { ADMINS_GROUP } from '../../core/groups.ts';

export type Session =
  | { status: 'loading' }
  | { status: 'signedOut' }
  | { status: 'signedIn'; sub: string; email: string; isAdmin: boolean };

const SessionContext = createContext<Session>({ status: 'loading' });

/** What the tokens say about the user. ADMINS is in the token only for admins with TOTP set up. */
export async function readSession(forceRefresh = false): Promise<Session> {
  try {
    const { tokens } = await fetchAuthSession({ forceRefresh });
    if (!tokens) return { status: 'signedOut' };
    const access = tokens.accessToken.payload;
    const groups = (access['cognito:groups'] as string[] | undefined) ?? [];
    return {
      status: 'signedIn',
      sub: String(access.sub),
      email: String(tokens.idToken?.payload.email ?? access.email ?? ''),
      isAdmin: groups.includes(ADMINS_GROUP),
    };
  } catch {
    return { status: 'signedOut' };
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session>({ status: 'loading' });
  useEffect(() => {
    let current = true;
    const refresh = () =>
      readSession().then((next) => {
        if (current) setSession(next);
      });
    refresh();
    const stop = Hub.listen('auth', ({ payload }) => {
      if (['signedIn', 'signedOut', 'tokenRefresh', 'tokenRefresh_failure'].includes(payload.event))
        refresh();
    });
    return () => {
      current = false;
      stop();
    };
  }, []);
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

/** Where a signed-in user starts: admins run the shop from every customer's orders, customers from their own. */
export function homeFor(session: Extract<Session, { status: 'signedIn' }>): string {
  return session.isAdmin ? '/admin/orders' : '/orders';
}

export function useSession(): Session {
  return useContext(SessionContext);
}

/** The signed-in session; for components that only render inside the signed-in layout. */
export function useSignedInSession(): Extract<Session, { status: 'signedIn' }> {
  const session = useSession();
  if (session.status !== 'signedIn') throw new Error('useSignedInSession outside the signed-in layout');
  return session;
}
