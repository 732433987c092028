import {
  AdminGetUserCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';

/**
 * The V2 trigger event says nothing about MFA, so ask Cognito: TOTP is set up when the user's MFA
 * settings list SOFTWARE_TOKEN_MFA. Needs cognito-idp:AdminGetUser on this user pool only.
 */
export async function totpEnabled(
  cognito: Pick<CognitoIdentityProviderClient, 'send'>,
  userPoolId: string,
  userName: string,
): Promise<boolean> {
  const user = await cognito.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: userName }));
  return user.UserMFASettingList?.includes('SOFTWARE_TOKEN_MFA') ?? false;
}
