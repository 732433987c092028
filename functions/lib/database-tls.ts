import { BlockList, isIP } from 'node:net';
import type pg from 'pg';

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/**
 * Verified TLS to every database host but a loopback IP literal (the local cloud's database): those
 * bytes never leave the machine, so TLS would protect nothing. A host name is never taken for
 * loopback, since DNS decides where it leads. Kept apart from database.ts, which creates AWS clients
 * and Powertools instances when imported.
 */
export function tlsFor(host: string): pg.PoolConfig['ssl'] {
  const family = isIP(host);
  if (family && LOOPBACK.check(host, family === 4 ? 'ipv4' : 'ipv6')) return false;
  return { rejectUnauthorized: true, servername: host, minVersion: 'TLSv1.2' };
}
