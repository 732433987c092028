import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import type { JWTPayload } from 'jose';
import { CognitoError } from './errors.ts';

export type PreTokenGenerationTrigger = (
  event: PreTokenGenerationV2TriggerEvent,
) => Promise<PreTokenGenerationV2TriggerEvent>;

/**
 * The project's own trigger (functions/pre-token-generation), imported on first use so that the
 * orchestrator can point its AWS SDK client at the local Cognito first
 * (AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_REGION and dummy credentials).
 */
export const projectPreTokenTrigger: PreTokenGenerationTrigger = async (event) => {
  const { handler } = await import('../../functions/pre-token-generation/handler.ts');
  return handler(event);
};

// Claims a trigger cannot change, as in Cognito.
const RESTRICTED_CLAIMS = new Set([
  'acr',
  'amr',
  'aud',
  'at_hash',
  'auth_time',
  'azp',
  'c_hash',
  'client_id',
  'cognito:username',
  'event_id',
  'exp',
  'iat',
  'identities',
  'iss',
  'jti',
  'nbf',
  'nonce',
  'origin_jti',
  'scope',
  'sub',
  'token_use',
  'username',
]);

export interface TokenClaims {
  id: JWTPayload;
  access: JWTPayload;
}

/**
 * Runs the trigger with the event Cognito builds (version 2), then applies its answer to both tokens
 * as Cognito does: the group override replaces `cognito:groups` in both, claims are added or
 * suppressed per token, scopes per access token. A failing trigger fails the sign-in.
 */
export async function applyPreTokenGeneration(
  trigger: PreTokenGenerationTrigger,
  event: PreTokenGenerationV2TriggerEvent,
  claims: TokenClaims,
): Promise<TokenClaims> {
  let answered: PreTokenGenerationV2TriggerEvent;
  try {
    answered = await trigger(structuredClone(event));
  } catch (error) {
    throw new CognitoError(
      'UserLambdaValidationException',
      `PreTokenGeneration failed with error ${error instanceof Error ? error.message : String(error)}.`,
    );
  }
  const details = answered.response?.claimsAndScopeOverrideDetails;
  if (!details) return claims;

  const id = { ...claims.id };
  const access = { ...claims.access };
  const groups = details.groupOverrideDetails?.groupsToOverride;
  if (groups) {
    for (const token of [id, access]) {
      if (groups.length > 0) token['cognito:groups'] = groups;
      else delete token['cognito:groups'];
    }
  }
  applyClaimChanges(id, details.idTokenGeneration);
  applyClaimChanges(access, details.accessTokenGeneration);

  const scopes = new Set(
    String(access.scope ?? '')
      .split(' ')
      .filter(Boolean),
  );
  for (const scope of details.accessTokenGeneration?.scopesToAdd ?? []) scopes.add(scope);
  for (const scope of details.accessTokenGeneration?.scopesToSuppress ?? []) scopes.delete(scope);
  access.scope = [...scopes].join(' ');
  return { id, access };
}

function applyClaimChanges(
  token: JWTPayload,
  changes?: { claimsToAddOrOverride?: Record<string, unknown>; claimsToSuppress?: string[] },
) {
  for (const [name, value] of Object.entries(changes?.claimsToAddOrOverride ?? {})) {
    if (!RESTRICTED_CLAIMS.has(name)) token[name] = value;
  }
  for (const name of changes?.claimsToSuppress ?? []) {
    if (!RESTRICTED_CLAIMS.has(name)) delete token[name];
  }
}
