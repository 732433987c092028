import '../../tests/support/function-env.ts';
import type pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { connectionSettings } from './database.ts';

const IAM_ENV = {
  DATABASE_URL: '',
  DB_AUTH: 'iam',
  DB_HOST: 'proxy.proxy-abc.eu-west-1.rds.amazonaws.com',
  DB_PORT: '5432',
  DB_NAME: 'so_alice_sandbox_926f727e',
  DB_USER: 'so_alice_sandbox_926f727e_app',
  AWS_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'secret-for-signing-only',
};

async function iamToken(settings?: pg.ClientConfig): Promise<URL> {
  const { password } = settings ?? (await connectionSettings());
  if (typeof password !== 'function') throw new Error('the password must be a function');
  // A token is a presigned URL without its scheme: host:port/?Action=connect&...
  return new URL(`https://${await password()}`);
}

describe('connectionSettings with DB_AUTH=iam', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('given DB_USER, then it logs in as that role with verified TLS to the proxy', async () => {
    for (const [name, value] of Object.entries(IAM_ENV)) vi.stubEnv(name, value);
    const settings = await connectionSettings();
    expect(settings).toMatchObject({
      host: IAM_ENV.DB_HOST,
      port: 5432,
      database: IAM_ENV.DB_NAME,
      user: IAM_ENV.DB_USER,
      ssl: { rejectUnauthorized: true, servername: IAM_ENV.DB_HOST },
    });
  });

  it('given a new connection, then its password is a presigned rds-db connect URL for that host, port, user and region', async () => {
    for (const [name, value] of Object.entries(IAM_ENV)) vi.stubEnv(name, value);
    const token = await iamToken();
    expect(token.host).toBe(`${IAM_ENV.DB_HOST}:5432`);
    expect(token.searchParams.get('Action')).toBe('connect');
    expect(token.searchParams.get('DBUser')).toBe(IAM_ENV.DB_USER);
    expect(token.searchParams.get('X-Amz-Credential')).toMatch(
      /^AKIDEXAMPLE\/\d{8}\/eu-west-1\/rds-db\/aws4_request$/,
    );
    expect(token.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(token.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('given two connections, then each gets a token signed when it connects', async () => {
    for (const [name, value] of Object.entries(IAM_ENV)) vi.stubEnv(name, value);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const settings = await connectionSettings();
      vi.setSystemTime(new Date('2026-12-02T03:00:00Z'));
      const first = await iamToken(settings);
      vi.setSystemTime(new Date('2026-12-02T03:20:00Z'));
      const second = await iamToken(settings);
      expect(first.searchParams.get('X-Amz-Date')).toBe('20261202T030000Z');
      expect(second.searchParams.get('X-Amz-Date')).toBe('20261202T032000Z');
    } finally {
      vi.useRealTimers();
    }
  });

  it('given no DB_USER, then it refuses to start', async () => {
    for (const [name, value] of Object.entries(IAM_ENV)) vi.stubEnv(name, value);
    vi.stubEnv('DB_USER', '');
    await expect(connectionSettings()).rejects.toThrow('DB_USER is not set');
  });
});
