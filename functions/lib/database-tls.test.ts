import { describe, expect, it } from 'vitest';
import { tlsFor } from './database-tls.ts';

describe('the pool’s TLS rule', () => {
  it.each(['db-proxy.proxy-abc.eu-west-1.rds.amazonaws.com', '10.0.3.17', 'localhost', '::2'])(
    'given DB_HOST %s, when the pool is configured, then TLS is required and verified',
    (host) => {
      expect(tlsFor(host)).toMatchObject({ rejectUnauthorized: true, servername: host });
    },
  );

  it.each(['127.0.0.1', '127.3.2.1', '::1'])(
    'given the loopback IP literal %s, when the pool is configured, then it connects without TLS',
    (host) => {
      expect(tlsFor(host)).toBe(false);
    },
  );
});
