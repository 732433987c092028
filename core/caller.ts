import type { Role } from './order-lifecycle.ts';

/** Who asks: built from verified token claims at the edge, never from a request body. */
export interface Caller {
  sub: string;
  role: Role;
}
