import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { applyPreTokenGeneration, type TokenClaims } from './pre-token-generation.ts';

const event = {
  version: '2',
  triggerSource: 'TokenGeneration_Authentication',
  response: { claimsAndScopeOverrideDetails: null },
} as unknown as PreTokenGenerationV2TriggerEvent;

const claims: TokenClaims = {
  id: { sub: 's', 'cognito:groups': ['ADMINS', 'BETA'], email: 'a@example.com' },
  access: { sub: 's', 'cognito:groups': ['ADMINS', 'BETA'], scope: 'aws.cognito.signin.user.admin' },
};

function answering(details: unknown) {
  return async (received: PreTokenGenerationV2TriggerEvent) => {
    received.response.claimsAndScopeOverrideDetails = details as never;
    return received;
  };
}

describe('applying a pre-token-generation answer', () => {
  it('given no overrides, then the tokens are unchanged', async () => {
    await expect(applyPreTokenGeneration(async (received) => received, event, claims)).resolves.toEqual(
      claims,
    );
  });

  it('given a group override, then cognito:groups is replaced in both tokens', async () => {
    const result = await applyPreTokenGeneration(
      answering({ groupOverrideDetails: { groupsToOverride: ['BETA'] } }),
      event,
      claims,
    );
    expect(result.id['cognito:groups']).toEqual(['BETA']);
    expect(result.access['cognito:groups']).toEqual(['BETA']);
  });

  it('given an empty group override, then neither token has cognito:groups', async () => {
    const result = await applyPreTokenGeneration(
      answering({ groupOverrideDetails: { groupsToOverride: [] } }),
      event,
      claims,
    );
    expect(result.id).not.toHaveProperty('cognito:groups');
    expect(result.access).not.toHaveProperty('cognito:groups');
  });

  it('given claim and scope changes, then each token gets its own, and restricted claims stay', async () => {
    const result = await applyPreTokenGeneration(
      answering({
        idTokenGeneration: {
          claimsToAddOrOverride: { tier: 'gold', sub: 'forged' },
          claimsToSuppress: ['email'],
        },
        accessTokenGeneration: { scopesToAdd: ['orders/read'], claimsToSuppress: ['token_use'] },
      }),
      event,
      claims,
    );
    expect(result.id).toMatchObject({ tier: 'gold', sub: 's' });
    expect(result.id).not.toHaveProperty('email');
    expect(result.access.scope).toBe('aws.cognito.signin.user.admin orders/read');
    expect(result.access).not.toHaveProperty('tier');
  });

  it('given a trigger that throws, then sign-in fails with UserLambdaValidationException', async () => {
    const failing = async (): Promise<PreTokenGenerationV2TriggerEvent> => {
      throw new Error('boom');
    };
    await expect(applyPreTokenGeneration(failing, event, claims)).rejects.toMatchObject({
      type: 'UserLambdaValidationException',
    });
  });
});
