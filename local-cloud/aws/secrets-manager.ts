import { createHash } from 'node:crypto';
import { z } from 'zod';
import { type Authorize, sendAccessDenied } from '../iam/signed-api.ts';
import { type LocalService, sendJson } from '../service.ts';
import { sendAwsJsonError } from './aws-errors.ts';
import { readJsonOperation } from './json-protocol.ts';

/**
 * Secrets Manager's GetSecretValue (AWS JSON 1.1: `POST /`, `x-amz-target:
 * secretsmanager.GetSecretValue`), so the functions read their database credentials through
 * Powertools Parameters as they do in the cloud. A secret is found by name or by ARN; anything
 * else is ResourceNotFoundException, as Secrets Manager answers. Behind requireSigV4, each call is
 * authorized as secretsmanager:GetSecretValue on the secret's ARN before anything is revealed.
 */
export interface LocalSecretsManager extends LocalService {
  /** The ARN of a secret this endpoint holds (what DB_SECRET_ARN carries). */
  arnOf(name: string): string;
}

const getSecretValueSchema = z.object({
  SecretId: z.string().min(1),
  VersionId: z.string().optional(),
  VersionStage: z.string().optional(),
});

const CURRENT_STAGE = 'AWSCURRENT';

export function createLocalSecretsManager(options: {
  region: string;
  accountId: string;
  /** Secret name -> SecretString. */
  secrets: Readonly<Record<string, string>>;
  authorize: Authorize;
}): LocalSecretsManager {
  const createdDate = Math.floor(Date.now() / 1000);
  const stored = Object.entries(options.secrets).map(([name, value]) => {
    // Real ARNs end in a dash and six random characters; a hash of the name keeps ours stable.
    const suffix = createHash('sha256').update(name).digest('base64url').slice(0, 6);
    const arn = `arn:aws:secretsmanager:${options.region}:${options.accountId}:secret:${name}-${suffix}`;
    const versionId = createHash('sha256').update(value).digest('hex').slice(0, 32);
    return { name, arn, value, versionId };
  });

  return {
    arnOf(name) {
      const secret = stored.find((candidate) => candidate.name === name);
      if (!secret) throw new Error(`No local secret named ${name}`);
      return secret.arn;
    },
    async handle(request, response) {
      const input = await readJsonOperation(request, response, {
        operation: 'secretsmanager.GetSecretValue',
        schema: getSecretValueSchema,
        invalidBodyError: 'InvalidParameterException',
      });
      if (!input) return;
      const { SecretId, VersionId, VersionStage } = input;
      const secret = stored.find((candidate) => candidate.name === SecretId || candidate.arn === SecretId);
      const denied = options.authorize(request, {
        action: 'secretsmanager:GetSecretValue',
        resource:
          secret?.arn ?? `arn:aws:secretsmanager:${options.region}:${options.accountId}:secret:${SecretId}`,
      });
      if (denied) return sendAccessDenied(response, 'json', denied);
      const versionMatches =
        (VersionId === undefined || VersionId === secret?.versionId) &&
        (VersionStage === undefined || VersionStage === CURRENT_STAGE);
      if (!secret || !versionMatches) {
        return sendAwsJsonError(
          response,
          400,
          'ResourceNotFoundException',
          "Secrets Manager can't find the specified secret.",
        );
      }
      sendJson(
        response,
        200,
        {
          ARN: secret.arn,
          Name: secret.name,
          VersionId: secret.versionId,
          SecretString: secret.value,
          VersionStages: [CURRENT_STAGE],
          CreatedDate: createdDate,
        },
        { 'content-type': 'application/x-amz-json-1.1' },
      );
    },
  };
}
