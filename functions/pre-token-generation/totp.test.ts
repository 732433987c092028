import {
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { totpEnabled } from './totp.ts';

const cognito = mockClient(CognitoIdentityProviderClient);
const client = new CognitoIdentityProviderClient({ region: 'eu-west-1' });

describe('totpEnabled', () => {
  beforeEach(() => cognito.reset());

  it('given a user whose MFA settings list SOFTWARE_TOKEN_MFA, then TOTP is enabled', async () => {
    cognito
      .on(AdminGetUserCommand, { UserPoolId: 'pool-1', Username: 'user-1' })
      .resolves({ Username: 'user-1', UserMFASettingList: ['SOFTWARE_TOKEN_MFA'] });
    await expect(totpEnabled(client, 'pool-1', 'user-1')).resolves.toBe(true);
  });

  it('given a user with no MFA settings, then TOTP is not enabled', async () => {
    cognito.on(AdminGetUserCommand).resolves({ Username: 'user-1' });
    await expect(totpEnabled(client, 'pool-1', 'user-1')).resolves.toBe(false);
  });

  it('given Cognito fails, then the error reaches the caller (which fails closed)', async () => {
    cognito.on(AdminGetUserCommand).rejects(new Error('TooManyRequestsException'));
    await expect(totpEnabled(client, 'pool-1', 'user-1')).rejects.toThrow('TooManyRequestsException');
  });
});
