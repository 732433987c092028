import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { logger } from '../lib/observability.ts';
import { copyVerifiedEmailToAccessToken } from './access-token-email.ts';
import { withholdUnprotectedAdmin } from './admin-claims.ts';
import { totpEnabled } from './totp.ts';

const cognito = new CognitoIdentityProviderClient({});

/** Cognito pre-token-generation trigger (event version 2): see admin-claims.ts and access-token-email.ts. */
export const handler = async (
  event: PreTokenGenerationV2TriggerEvent,
): Promise<PreTokenGenerationV2TriggerEvent> => {
  copyVerifiedEmailToAccessToken(event);
  const outcome = await withholdUnprotectedAdmin(event, (userName) =>
    totpEnabled(cognito, event.userPoolId, userName),
  );
  if (outcome.withheld) {
    logger.warn('ADMINS claim withheld', { reason: outcome.reason, sub: event.request.userAttributes.sub });
  }
  return event;
};
