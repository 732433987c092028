import { defineAuth } from '@aws-amplify/backend';
import { ADMINS_GROUP } from '../../core/groups.ts';
import { preTokenGeneration } from '../functions/pre-token-generation/resource.ts';

/**
 * Cognito user pool: email sign-in, one privileged group, optional TOTP. What defineAuth cannot
 * express (password policy, token lifetimes, trigger version, feature plan, no guest identities)
 * lives in constructs/auth-hardening.ts.
 */
export const auth = defineAuth({
  loginWith: { email: true },
  groups: [ADMINS_GROUP],
  multifactor: { mode: 'OPTIONAL', totp: true },
  accountRecovery: 'EMAIL_ONLY',
  triggers: { preTokenGeneration },
  // The trigger reads the user's MFA settings (AdminGetUser), on this pool only.
  access: (allow) => [allow.resource(preTokenGeneration).to(['getUser'])],
});
