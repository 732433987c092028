import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';

/**
 * Cognito access tokens carry no email, and the HTTP API sees only the access token (the caller's
 * identity comes from its claims alone, never from a request body). Orders record the customer's
 * email, so the trigger copies it into the access token, but only once Cognito has verified it:
 * an unverified address must not end up on an order an admin acts on.
 */
export function copyVerifiedEmailToAccessToken(event: PreTokenGenerationV2TriggerEvent): void {
  const { email, email_verified: emailVerified } = event.request.userAttributes;
  if (!email || emailVerified !== 'true') return;
  const details = event.response.claimsAndScopeOverrideDetails ?? {};
  event.response.claimsAndScopeOverrideDetails = {
    ...details,
    accessTokenGeneration: {
      ...details.accessTokenGeneration,
      claimsToAddOrOverride: { ...details.accessTokenGeneration?.claimsToAddOrOverride, email },
    },
  };
}
