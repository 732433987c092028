/**
 * Failures that mean "the database cannot serve us right now" rather than "this request is
 * wrong": the API answers them with 503 and Retry-After. Each transaction rolls back on error,
 * so none of them leaves a partial write.
 */
export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError';
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);

// SQLSTATEs: shutdown or not accepting connections, too many connections, statement timeout,
// and the two transient conflicts a retry resolves.
const TRANSIENT_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '57014', '40001', '40P01']);

// node-postgres signals its own timeouts and dropped sockets with plain messages.
const POOL_MESSAGES = [
  'timeout exceeded when trying to connect',
  'Connection terminated',
  'Query read timeout',
  'Client has encountered a connection error',
];

export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof DatabaseUnavailableError) return true;
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (
    typeof code === 'string' &&
    (NETWORK_CODES.has(code) || TRANSIENT_SQLSTATES.has(code) || code.startsWith('08'))
  ) {
    return true;
  }
  return POOL_MESSAGES.some((message) => error.message.includes(message));
}
