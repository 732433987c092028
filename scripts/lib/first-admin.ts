import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  type CognitoIdentityProviderClient,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import * as z from 'zod';
import { ADMINS_GROUP } from '../../core/groups.ts';

export const adminEmail = z.email().max(320);

/** Just what `npm run admin:create` needs from amplify_outputs.json. */
export const outputsSchema = z.object({
  auth: z.object({ user_pool_id: z.string().min(1), aws_region: z.string().min(1) }),
});

/**
 * Makes `email` an admin of the user pool: creates the user when absent (Cognito e-mails a
 * temporary password; the address counts as verified since the operator vouches for it), then
 * adds them to ADMINS. Idempotent: an existing user, or an existing admin, is fine.
 */
export async function makeAdmin(
  cognito: CognitoIdentityProviderClient,
  { userPoolId, email }: { userPoolId: string; email: string },
): Promise<{ created: boolean }> {
  const created = !(await userExists(cognito, userPoolId, email));
  if (created) {
    await cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: userPoolId,
        Username: email,
        UserAttributes: [
          { Name: 'email', Value: email },
          { Name: 'email_verified', Value: 'true' },
        ],
        DesiredDeliveryMediums: ['EMAIL'],
      }),
    );
  }
  await cognito.send(
    new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: email, GroupName: ADMINS_GROUP }),
  );
  return { created };
}

async function userExists(cognito: CognitoIdentityProviderClient, userPoolId: string, email: string) {
  try {
    await cognito.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: email }));
    return true;
  } catch (error) {
    if (error instanceof UserNotFoundException) return false;
    throw error;
  }
}

/** What to do next: without TOTP the pre-token trigger gives no ADMINS claim. */
export function totpEnrolmentSteps(email: string, created: boolean): string {
  return [
    `${email} is in ${ADMINS_GROUP}.`,
    created
      ? '1. Cognito has e-mailed a temporary password: sign in with it and choose a new password.'
      : '1. Sign in with your password.',
    '2. Open the profile page and set up two-factor authentication (TOTP) with an authenticator app.',
    '3. Sign out and in again with the code: only then does the token carry the ADMINS claim',
    '   (the pre-token trigger refuses admin rights to a session without TOTP).',
  ].join('\n');
}
