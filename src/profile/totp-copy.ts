/** The secret in groups of four, as authenticator apps show keys and people copy them by eye. */
export function groupedKey(secret: string): string {
  return (
    secret
      .replace(/\s+/g, '')
      .match(/.{1,4}/g)
      ?.join(' ') ?? ''
  );
}

/** Why a typed code cannot be right, in words; null when it has the shape of a code. */
export function codeProblem(code: string): string | null {
  return /^\d{6}$/.test(code.replace(/\s+/g, '')) ? null : 'Enter the 6 digits your authenticator app shows.';
}

/**
 * What Cognito's refusal of a code means for the user ("Code mismatch" is Cognito's wording, not
 * theirs); anything else keeps its own message.
 */
export function friendlyCodeError(error: unknown): string {
  const name = (error as { name?: string } | null)?.name ?? '';
  if (/CodeMismatch|EnableSoftwareTokenMFA/.test(name)) {
    return "That code didn't match. Check that your phone's clock is right, then enter the newest code.";
  }
  if (/LimitExceeded|TooManyRequests|TooManyFailedAttempts/.test(name)) {
    return 'Too many tries. Wait a few minutes, then try again.';
  }
  return (error as Error | null)?.message || 'Something went wrong. Try again.';
}
