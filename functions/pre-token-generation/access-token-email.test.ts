import { describe, expect, it } from 'vitest';
import { preTokenEvent } from '../../tests/support/pre-token-events.ts';
import { copyVerifiedEmailToAccessToken } from './access-token-email.ts';

describe('copyVerifiedEmailToAccessToken', () => {
  it('given a verified email, when tokens are issued, then the access token carries it', () => {
    const event = preTokenEvent({
      userAttributes: { sub: 's', email: 'a@example.com', email_verified: 'true' },
    });
    copyVerifiedEmailToAccessToken(event);
    expect(
      event.response.claimsAndScopeOverrideDetails?.accessTokenGeneration?.claimsToAddOrOverride,
    ).toEqual({
      email: 'a@example.com',
    });
  });

  it('given an unverified email, when tokens are issued, then the access token gets none', () => {
    const event = preTokenEvent({
      userAttributes: { sub: 's', email: 'a@example.com', email_verified: 'false' },
    });
    copyVerifiedEmailToAccessToken(event);
    expect(event.response.claimsAndScopeOverrideDetails).toEqual({});
  });

  it('given group overrides already decided, when the email is added, then they are kept', () => {
    const event = preTokenEvent({
      userAttributes: { sub: 's', email: 'a@example.com', email_verified: 'true' },
    });
    event.response.claimsAndScopeOverrideDetails = { groupOverrideDetails: { groupsToOverride: [] } };
    copyVerifiedEmailToAccessToken(event);
    expect(event.response.claimsAndScopeOverrideDetails?.groupOverrideDetails).toEqual({
      groupsToOverride: [],
    });
  });
});
