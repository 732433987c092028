import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';

/** A pre-token-generation (version 2) event as Cognito sends it at sign-in. */
export function preTokenEvent(input: {
  groups?: string[];
  userAttributes?: Record<string, string>;
}): PreTokenGenerationV2TriggerEvent {
  return {
    version: '2',
    triggerSource: 'TokenGeneration_Authentication',
    region: 'eu-west-1',
    userPoolId: 'eu-west-1_example',
    userName: 'user-1',
    callerContext: { awsSdkVersion: '3', clientId: 'client-1' },
    request: {
      userAttributes: input.userAttributes ?? { sub: 'sub-1', email: 'a@example.com' },
      groupConfiguration: {
        groupsToOverride: input.groups ?? [],
        iamRolesToOverride: ['arn:aws:iam::1:role/admins'],
      },
    },
    response: { claimsAndScopeOverrideDetails: {} },
  } as unknown as PreTokenGenerationV2TriggerEvent;
}
