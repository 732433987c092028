import type { ReactNode } from 'react';
import { ApiProblem } from '../api/problem.ts';

/** Placeholder rows while data loads; announced once as busy, not row by row. */
export function Skeleton({ rows = 3, label }: { rows?: number; label: string }) {
  return (
    <div className="skeleton" role="status" aria-busy="true" aria-label={label}>
      {Array.from({ length: rows }, (_, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity but their place
        <div key={index} className="skeleton-row" />
      ))}
    </div>
  );
}

export function describeError(error: unknown): string {
  if (error instanceof ApiProblem) return error.detail;
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong.';
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
  return <span className={`badge badge-${status.toLowerCase()}${live ? ' badge-live' : ''}`}>{status}</span>;
}

export function PageHeading({ children, actions }: { children: ReactNode; actions?: ReactNode }) {
  return (
    <div className="page-heading">
      <h1>{children}</h1>
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
