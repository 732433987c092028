import { type ReactNode, useEffect, useRef } from 'react';
import { statusLabel } from '../../core/order-lifecycle.ts';
import { ApiProblem } from '../api/problem.ts';
import { OFFLINE_MESSAGE, setDocumentTitle } from './loading.tsx';

// The loading placeholder lives apart (with no error handling), so the first page need not carry this module.
export { OFFLINE_MESSAGE, Skeleton, useOnline } from './loading.tsx';

/** An error whose message the app wrote for its users, shown as it is. */
export class UserFacingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserFacingError';
  }
}

// Cognito's answers the user can act on (from the Amplify auth calls: TOTP setup, verify, sign-out).
const AUTH_MESSAGES: Record<string, string> = {
  CodeMismatchException:
    'That code did not match. Enter the current 6-digit code from your authenticator app.',
  EnableSoftwareTokenMFAException:
    'That code did not match. Enter the current 6-digit code from your authenticator app.',
  LimitExceededException: 'Too many tries. Wait a minute, then try again.',
  TooManyRequestsException: 'Too many tries. Wait a minute, then try again.',
  NotAuthorizedException: 'Your session has ended. Sign in again.',
};

/**
 * What to tell the user about a failure, in plain words. Only the API's problem answers (written
 * for users) and the app's own messages are shown as they are: the text of a GraphQL or database
 * error is for developers and never reaches the page.
 */
export function describeError(error: unknown): string {
  if (error instanceof ApiProblem) return error.detail;
  if (error instanceof UserFacingError) return error.message;
  if (!navigator.onLine) return OFFLINE_MESSAGE;
  const name = error instanceof Error ? error.name : '';
  const known = AUTH_MESSAGES[name];
  if (known) return known;
  if (name === 'NetworkError' || (error instanceof TypeError && /fetch/i.test(error.message)))
    return 'Could not reach Secure Orders. Check your connection and try again.';
  return 'Something went wrong on our side. Try again in a moment.';
}

export function ErrorNotice({
  error,
  onRetry,
  title = 'Could not load this',
}: {
  error: unknown;
  onRetry?: () => void;
  title?: string;
}) {
  return (
    <div className="notice notice-error" role="alert">
      <p>
        <strong>{title}.</strong> {describeError(error)}
      </p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <p className="empty-title">{title}</p>
      {children}
    </div>
  );
}

export function StatusBadge({ status, live = false }: { status: string; live?: boolean }) {
  return (
    <span className={`badge badge-${status.toLowerCase()}${live ? ' badge-live' : ''}`}>
      {statusLabel(status)}
    </span>
  );
}

/** The page's h1, which also names the window (tab, history, bookmarks) after the page. */
export function PageHeading({ children, actions }: { children: ReactNode; actions?: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    setDocumentTitle(heading.current?.textContent ?? '');
  });
  return (
    <div className="page-heading">
      <h1 ref={heading}>{children}</h1>
      {actions && <div className="page-actions">{actions}</div>}
    </div>
  );
}

/**
 * A table that may scroll sideways on a phone. The scroll region takes keyboard focus, so it can be
 * scrolled without a pointer (axe: scrollable-region-focusable), and is named for screen readers.
 */
export function TableScroller({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <section className="table-wrap" aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}
