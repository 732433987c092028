import type { AuthResources } from '@aws-amplify/plugin-types';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

export interface AuthHardeningProps {
  auth: AuthResources;
  preTokenGeneration: IFunction;
}

/** Minutes an access or ID token lives: short, because API Gateway and AppSync cannot revoke one. */
export const ACCESS_TOKEN_MINUTES = 15;
export const REFRESH_TOKEN_DAYS = 1;

/** The user pool's password policy (see below); the local Cognito enforces the same one. */
export const PASSWORD_POLICY = {
  minimumLength: 15,
  requireLowercase: false,
  requireUppercase: false,
  requireNumbers: false,
  requireSymbols: false,
  temporaryPasswordValidityDays: 3,
} as const;

/**
 * What defineAuth cannot say about the user pool and identity pool.
 *
 * Password policy, against OWASP ASVS 5.0 (V6.2): length over composition. At least 15 characters
 * (6.2.1 recommends 15 for single-factor accounts), no character-class rules (6.2.5), Cognito's
 * maximum length of 256 (6.2.9 wants 64 or more allowed), and the Plus plan's compromised-credential
 * check against breached passwords (6.2.12). No periodic rotation (not required by ASVS).
 */
export class AuthHardening extends Construct {
  constructor(scope: Construct, id: string, { auth, preTokenGeneration }: AuthHardeningProps) {
    super(scope, id);
    const { cfnUserPool, cfnUserPoolClient, cfnIdentityPool } = auth.cfnResources;

    cfnUserPool.policies = { passwordPolicy: { ...PASSWORD_POLICY } };
    // Plus: threat protection (compromised credentials, adaptive authentication), enforced.
    cfnUserPool.userPoolTier = 'PLUS';
    cfnUserPool.userPoolAddOns = { advancedSecurityMode: 'ENFORCED' };
    // Event version 2 lets the trigger shape the access token too, which is what APIs read.
    cfnUserPool.addPropertyDeletionOverride('LambdaConfig.PreTokenGeneration');
    cfnUserPool.addPropertyOverride('LambdaConfig.PreTokenGenerationConfig', {
      LambdaArn: preTokenGeneration.functionArn,
      LambdaVersion: 'V2_0',
    });

    cfnUserPoolClient.preventUserExistenceErrors = 'ENABLED';
    cfnUserPoolClient.enableTokenRevocation = true;
    cfnUserPoolClient.accessTokenValidity = ACCESS_TOKEN_MINUTES;
    cfnUserPoolClient.idTokenValidity = ACCESS_TOKEN_MINUTES;
    cfnUserPoolClient.refreshTokenValidity = REFRESH_TOKEN_DAYS;
    cfnUserPoolClient.tokenValidityUnits = {
      accessToken: 'minutes',
      idToken: 'minutes',
      refreshToken: 'days',
    };

    // No guest (unauthenticated) AWS credentials.
    cfnIdentityPool.allowUnauthenticatedIdentities = false;
  }
}
