import { describe, expect, it, vi } from 'vitest';
import { ADMINS_GROUP } from '../../core/groups.ts';
import { preTokenEvent } from '../../tests/support/pre-token-events.ts';
import { withholdUnprotectedAdmin } from './admin-claims.ts';

describe('withholdUnprotectedAdmin', () => {
  it('given an admin with TOTP set up, when tokens are issued, then the ADMINS claim stays', async () => {
    const event = preTokenEvent({ groups: [ADMINS_GROUP] });
    const outcome = await withholdUnprotectedAdmin(event, async () => true);
    expect(outcome).toEqual({ withheld: false });
    expect(event.response.claimsAndScopeOverrideDetails.groupOverrideDetails).toBeUndefined();
  });

  it('given an admin without TOTP, when tokens are issued, then ADMINS and group roles are left out', async () => {
    const event = preTokenEvent({ groups: [ADMINS_GROUP, 'BETA_TESTERS'] });
    const outcome = await withholdUnprotectedAdmin(event, async () => false);
    expect(outcome).toEqual({ withheld: true, reason: 'NO_TOTP' });
    expect(event.response.claimsAndScopeOverrideDetails.groupOverrideDetails).toEqual({
      groupsToOverride: ['BETA_TESTERS'],
      iamRolesToOverride: [],
    });
  });

  it('given an admin whose MFA state cannot be read, when tokens are issued, then ADMINS is left out', async () => {
    const event = preTokenEvent({ groups: [ADMINS_GROUP] });
    const outcome = await withholdUnprotectedAdmin(event, async () => {
      throw new Error('throttled');
    });
    expect(outcome).toEqual({ withheld: true, reason: 'MFA_STATE_UNKNOWN' });
    expect(event.response.claimsAndScopeOverrideDetails.groupOverrideDetails?.groupsToOverride).toEqual([]);
  });

  it('given a customer, when tokens are issued, then nothing changes and Cognito is not asked', async () => {
    const event = preTokenEvent({ groups: [] });
    const hasTotp = vi.fn(async () => false);
    const outcome = await withholdUnprotectedAdmin(event, hasTotp);
    expect(outcome).toEqual({ withheld: false });
    expect(hasTotp).not.toHaveBeenCalled();
    expect(event.response.claimsAndScopeOverrideDetails).toEqual({});
  });
});
