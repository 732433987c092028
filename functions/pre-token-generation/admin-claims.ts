import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { ADMINS_GROUP } from '../../core/groups.ts';

/** Is TOTP set up for this user? Throws when it cannot tell. */
export type TotpCheck = (userName: string) => Promise<boolean>;

export type Withheld = { withheld: true; reason: 'NO_TOTP' | 'MFA_STATE_UNKNOWN' } | { withheld: false };

/**
 * An administrator without TOTP gets no admin privilege: the ADMINS group (and any IAM role a group
 * maps to) is left out of both the ID and the access token, so AppSync and the HTTP API see a customer.
 * When the MFA state cannot be read, the claim is withheld too (fail closed). Everyone else's tokens
 * pass unchanged, without a lookup.
 */
export async function withholdUnprotectedAdmin(
  event: PreTokenGenerationV2TriggerEvent,
  hasTotp: TotpCheck,
): Promise<Withheld> {
  const groups = event.request.groupConfiguration.groupsToOverride ?? [];
  if (!groups.includes(ADMINS_GROUP)) return { withheld: false };

  let reason: 'NO_TOTP' | 'MFA_STATE_UNKNOWN';
  try {
    if (await hasTotp(event.userName)) return { withheld: false };
    reason = 'NO_TOTP';
  } catch {
    reason = 'MFA_STATE_UNKNOWN';
  }
  event.response.claimsAndScopeOverrideDetails = {
    ...event.response.claimsAndScopeOverrideDetails,
    groupOverrideDetails: {
      groupsToOverride: groups.filter((group) => group !== ADMINS_GROUP),
      iamRolesToOverride: [],
    },
  };
  return { withheld: true, reason };
}
