import { describe, expect, it } from 'vitest';
import { databaseSecret, functionDatabaseEnvironment } from './database.ts';

const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:000000000000:secret:db-AbCdEf';

describe('how the local cloud’s functions reach the database', () => {
  it('given the embedded database on 127.0.0.1, when the functions are configured, then they take the secret path', () => {
    expect(
      functionDatabaseEnvironment('postgres://postgres@127.0.0.1:54329/postgres?sslmode=disable', SECRET_ARN),
    ).toEqual({ DB_SECRET_ARN: SECRET_ARN, DB_HOST: '127.0.0.1', DB_PORT: '54329', DB_NAME: 'postgres' });
  });

  it('given a server elsewhere, when the functions are configured, then they get DATABASE_URL (their pool would demand TLS of it)', () => {
    const url = 'postgres://app:pw@db.internal.example:5432/orders';
    expect(functionDatabaseEnvironment(url, SECRET_ARN)).toEqual({ DATABASE_URL: url });
  });

  it('given a URL with credentials, when the secret is made, then it holds them decoded', () => {
    expect(JSON.parse(databaseSecret('postgres://orders%40app:p%2Fw@127.0.0.1/db'))).toEqual({
      username: 'orders@app',
      password: 'p/w',
    });
  });

  it('given a URL without a password (trust auth), when the secret is made, then it still holds one, as the functions require', () => {
    expect(JSON.parse(databaseSecret('postgres://postgres@127.0.0.1:5432/test')).password).not.toBe('');
  });
});
