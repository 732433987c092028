import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { makeAdmin } from './first-admin.ts';

const cognito = new CognitoIdentityProviderClient({ region: 'eu-west-1' });
const wire = mockClient(cognito);
const target = { userPoolId: 'eu-west-1_abc', email: 'ops@example.com' };

describe('makeAdmin', () => {
  afterEach(() => wire.reset());

  it('given a user who is absent, then it creates them with an e-mailed temporary password and adds them to ADMINS', async () => {
    wire
      .on(AdminGetUserCommand)
      .rejects(new UserNotFoundException({ message: 'User does not exist.', $metadata: {} }));
    expect(await makeAdmin(cognito, target)).toEqual({ created: true });
    expect(wire.commandCalls(AdminCreateUserCommand)[0]?.args[0].input).toMatchObject({
      UserPoolId: target.userPoolId,
      Username: target.email,
      DesiredDeliveryMediums: ['EMAIL'],
    });
    expect(wire.commandCalls(AdminAddUserToGroupCommand)[0]?.args[0].input).toEqual({
      UserPoolId: target.userPoolId,
      Username: target.email,
      GroupName: 'ADMINS',
    });
  });

  it('given a user who exists, then it only adds them to ADMINS', async () => {
    wire.on(AdminGetUserCommand).resolves({ Username: 'sub-1' });
    expect(await makeAdmin(cognito, target)).toEqual({ created: false });
    expect(wire.commandCalls(AdminCreateUserCommand)).toHaveLength(0);
    expect(wire.commandCalls(AdminAddUserToGroupCommand)).toHaveLength(1);
  });

  it('given a caller without permission, then it fails and adds no one', async () => {
    wire
      .on(AdminGetUserCommand)
      .rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));
    await expect(makeAdmin(cognito, target)).rejects.toThrow('not authorized');
    expect(wire.commandCalls(AdminAddUserToGroupCommand)).toHaveLength(0);
  });
});
