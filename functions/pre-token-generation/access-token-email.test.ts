import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { copyVerifiedEmailToAccessToken } from './access-token-email.ts';

function tokenEvent(userAttributes: Record<string, string>): PreTokenGenerationV2TriggerEvent {
  return {
    version: '2',
    triggerSource: 'TokenGeneration_Authentication',
    region: 'eu-west-1',
    userPoolId: 'eu-west-1_example',
    userName: 'user-1',
    callerContext: { awsSdkVersion: '3', clientId: 'client-1' },
    request: { userAttributes, groupConfiguration: { groupsToOverride: [], iamRolesToOverride: [] } },
    response: { claimsAndScopeOverrideDetails: {} },
  } as unknown as PreTokenGenerationV2TriggerEvent;
}

describe('copyVerifiedEmailToAccessToken', () => {
  it('given a verified email, when tokens are issued, then the access token carries it', () => {
    const event = tokenEvent({ sub: 's', email: 'a@example.com', email_verified: 'true' });
    copyVerifiedEmailToAccessToken(event);
    expect(
      event.response.claimsAndScopeOverrideDetails?.accessTokenGeneration?.claimsToAddOrOverride,
    ).toEqual({
      email: 'a@example.com',
    });
  });

  it('given an unverified email, when tokens are issued, then the access token gets none', () => {
    const event = tokenEvent({ sub: 's', email: 'a@example.com', email_verified: 'false' });
    copyVerifiedEmailToAccessToken(event);
    expect(event.response.claimsAndScopeOverrideDetails).toEqual({});
  });

  it('given group overrides already decided, when the email is added, then they are kept', () => {
    const event = tokenEvent({ sub: 's', email: 'a@example.com', email_verified: 'true' });
    event.response.claimsAndScopeOverrideDetails = { groupOverrideDetails: { groupsToOverride: [] } };
    copyVerifiedEmailToAccessToken(event);
    expect(event.response.claimsAndScopeOverrideDetails?.groupOverrideDetails).toEqual({
      groupsToOverride: [],
    });
  });
});
