import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiProblem } from '../api/problem.ts';
import { describeError, PageHeading, Skeleton, UserFacingError } from './feedback.tsx';

afterEach(() => {
  vi.unstubAllGlobals();
});

function amplifyError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name });
}

describe('what an error says to the user', () => {
  it('given a read that failed in the database, when described, then the user reads a plain sentence and no SQL', () => {
    const text = describeError(
      new Error('Error executing the SQL statement: invalid input syntax for type uuid'),
    );
    expect(text).toBe('Something went wrong on our side. Try again in a moment.');
  });

  it('given a GraphQL error, when described, then none of its text reaches the user', () => {
    const text = describeError(
      amplifyError('GraphQLError', 'Validation error of type FieldUndefined: Field getOrder undefined'),
    );
    expect(text).not.toMatch(/GraphQL|Validation|getOrder/);
  });

  it('given the browser offline, when any read fails, then it says so plainly', () => {
    vi.stubGlobal('navigator', { onLine: false });
    expect(describeError(new TypeError('Failed to fetch'))).toBe(
      'You are offline; changes will show when you reconnect.',
    );
  });

  it('given a request that never reached the server while online, when described, then it says the connection failed', () => {
    expect(describeError(amplifyError('NetworkError', 'A network error has occurred.'))).toBe(
      'Could not reach Secure Orders. Check your connection and try again.',
    );
  });

  it("given the API's problem answer, when described, then its detail, written for users, is shown", () => {
    expect(describeError(new ApiProblem(422, 'urn:x', 'That order can no longer be cancelled'))).toBe(
      'That order can no longer be cancelled',
    );
  });

  it('given a wrong authenticator code, when described, then it says what to enter instead of "Code mismatch"', () => {
    expect(describeError(amplifyError('CodeMismatchException', 'Code mismatch'))).toBe(
      'That code did not match. Enter the current 6-digit code from your authenticator app.',
    );
  });

  it('given an error the app wrote for users, when described, then its message is shown as written', () => {
    expect(describeError(new UserFacingError('This order can no longer be changed that way.'))).toBe(
      'This order can no longer be changed that way.',
    );
  });
});

describe('a loading placeholder', () => {
  afterEach(cleanup);

  it('given the browser offline, when data is loading, then it says the user is offline instead of showing a busy placeholder', () => {
    vi.stubGlobal('navigator', { onLine: false });
    render(<Skeleton label="Loading the order" />);
    expect(screen.getByRole('status').textContent).toBe(
      'You are offline; changes will show when you reconnect.',
    );
    expect(document.querySelector('[aria-busy="true"]')).toBeNull();
  });

  it('given the browser online, when data is loading, then one busy placeholder is announced', () => {
    render(<Skeleton label="Loading the order" />);
    expect(screen.getByRole('status', { name: 'Loading the order' }).getAttribute('aria-busy')).toBe('true');
  });
});

describe('a page heading', () => {
  afterEach(cleanup);

  it("given a page, when its heading shows, then the window's title names the page and the app", () => {
    render(<PageHeading>Order #1a2b3c4d</PageHeading>);
    expect(document.title).toBe('Order #1a2b3c4d · Secure Orders');
  });
});
