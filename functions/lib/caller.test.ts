import { describe, expect, it } from 'vitest';
import { APP_CLIENT_ID, apiEvent, claimsFor } from '../../tests/support/api-events.ts';
import { callerFromEvent, parseGroups, UnauthenticatedError } from './caller.ts';

const eventWith = (claims: Record<string, string | number | boolean | string[]> | undefined) =>
  apiEvent({ method: 'GET', path: '/reports', ...(claims ? { claims } : {}) });

describe('parseGroups', () => {
  it.each([
    ['[ADMINS]', ['ADMINS']],
    ['[ADMINS other]', ['ADMINS', 'other']],
    ['["ADMINS","other"]', ['ADMINS', 'other']],
    ['[]', []],
    ['', []],
    ['ADMINS', ['ADMINS']],
  ])('given the API Gateway claim %j, when parsed, then the groups are %j', (claim, groups) => {
    expect(parseGroups(claim)).toEqual(groups);
  });

  it('given a real array, when parsed, then its strings are the groups', () => {
    expect(parseGroups(['ADMINS', 3])).toEqual(['ADMINS']);
  });

  it('given a group whose name only contains ADMINS, when parsed, then it is not ADMINS', () => {
    expect(parseGroups('[NOTADMINS ADMINS2]')).not.toContain('ADMINS');
  });
});

describe('callerFromEvent', () => {
  it('given an admin access token, when read, then the caller is an ADMIN with sub and email', () => {
    expect(callerFromEvent(eventWith(claimsFor('admin')), APP_CLIENT_ID)).toEqual({
      sub: '44444444-dddd-4ddd-8ddd-444444444444',
      role: 'ADMIN',
      email: 'admin@example.com',
    });
  });

  it('given an admin token without the ADMINS group (no MFA), when read, then the caller is a CUSTOMER', () => {
    expect(callerFromEvent(eventWith(claimsFor('adminWithoutMfa')), APP_CLIENT_ID).role).toBe('CUSTOMER');
  });

  it('given no authorizer claims, when read, then it is unauthenticated', () => {
    expect(() => callerFromEvent({ requestContext: {} }, APP_CLIENT_ID)).toThrow(UnauthenticatedError);
  });

  it('given an ID token, when read, then it is refused', () => {
    expect(() =>
      callerFromEvent(eventWith({ ...claimsFor('customerA'), token_use: 'id' }), APP_CLIENT_ID),
    ).toThrow('Use an access token');
  });

  it('given a token for another app client, when APP_CLIENT_ID is set, then it is refused', () => {
    expect(() =>
      callerFromEvent(eventWith({ ...claimsFor('customerA'), client_id: 'other' }), APP_CLIENT_ID),
    ).toThrow('another client');
  });

  it('given a token for any client, when APP_CLIENT_ID is not set, then it is accepted', () => {
    expect(
      callerFromEvent(eventWith({ ...claimsFor('customerA'), client_id: 'other' }), undefined).role,
    ).toBe('CUSTOMER');
  });

  it('given a token without a subject, when read, then it is unauthenticated', () => {
    const { sub: _sub, ...claims } = claimsFor('customerA') ?? {};
    expect(() => callerFromEvent(eventWith(claims), APP_CLIENT_ID)).toThrow(UnauthenticatedError);
  });

  it('given an email claim that is not an address, when read, then the email is null', () => {
    expect(
      callerFromEvent(eventWith({ ...claimsFor('customerA'), email: 'not an email' }), APP_CLIENT_ID).email,
    ).toBeNull();
  });
});
