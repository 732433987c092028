import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { ADMINS_GROUP, withholdUnprotectedAdmin } from './admin-claims.ts';

function tokenEvent(groups: string[]): PreTokenGenerationV2TriggerEvent {
  return {
    version: '2',
    triggerSource: 'TokenGeneration_Authentication',
    region: 'eu-west-1',
    userPoolId: 'eu-west-1_example',
    userName: 'user-1',
    callerContext: { awsSdkVersion: '3', clientId: 'client-1' },
    request: {
      userAttributes: { sub: 'sub-1', email: 'a@example.com' },
      groupConfiguration: { groupsToOverride: groups, iamRolesToOverride: ['arn:aws:iam::1:role/admins'] },
    },
    response: { claimsAndScopeOverrideDetails: {} },
  } as PreTokenGenerationV2TriggerEvent;
}

describe('withholdUnprotectedAdmin', () => {
  it('given an admin with TOTP set up, when tokens are issued, then the ADMINS claim stays', async () => {
    const event = tokenEvent([ADMINS_GROUP]);
    const outcome = await withholdUnprotectedAdmin(event, async () => true);
    expect(outcome).toEqual({ withheld: false });
    expect(event.response.claimsAndScopeOverrideDetails.groupOverrideDetails).toBeUndefined();
  });

  it('given an admin without TOTP, when tokens are issued, then ADMINS and group roles are left out', async () => {
    const event = tokenEvent([ADMINS_GROUP, 'BETA_TESTERS']);
    const outcome = await withholdUnprotectedAdmin(event, async () => false);
    expect(outcome).toEqual({ withheld: true, reason: 'NO_TOTP' });
    expect(event.response.claimsAndScopeOverrideDetails.groupOverrideDetails).toEqual({
      groupsToOverride: ['BETA_TESTERS'],
      iamRolesToOverride: [],
    });
  });

  it('given an admin whose MFA state cannot be read, when tokens are issued, then ADMINS is left out', async () => {
    const event = tokenEvent([ADMINS_GROUP]);
    const outcome = await withholdUnprotectedAdmin(event, async () => {
      throw new Error('throttled');
    });
    expect(outcome).toEqual({ withheld: true, reason: 'MFA_STATE_UNKNOWN' });
    expect(event.response.claimsAndScopeOverrideDetails.groupOverrideDetails?.groupsToOverride).toEqual([]);
  });

  it('given a customer, when tokens are issued, then nothing changes and Cognito is not asked', async () => {
    const event = tokenEvent([]);
    const hasTotp = vi.fn(async () => false);
    const outcome = await withholdUnprotectedAdmin(event, hasTotp);
    expect(outcome).toEqual({ withheld: false });
    expect(hasTotp).not.toHaveBeenCalled();
    expect(event.response.claimsAndScopeOverrideDetails).toEqual({});
  });
});
