import type { AuthResources } from '@aws-amplify/plugin-types';
import { Aws } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

export interface AuthHardeningProps {
  auth: AuthResources;
  preTokenGeneration: IFunction;
  /** The app's verified SES identity (a domain or an address) the user pool mails from. */
  sesIdentity: string;
}

/** What the user pool mails from: the identity itself if it is an address, else no-reply@ its domain. */
const authFromAddress = (sesIdentity: string) =>
  sesIdentity.includes('@') ? sesIdentity : `no-reply@${sesIdentity}`;

/** The only flows the SPA uses: SRP sign-in and token refresh (no custom auth, no hosted-UI OAuth). */
const APP_CLIENT_AUTH_FLOWS = ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];

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
  constructor(scope: Construct, id: string, { auth, preTokenGeneration, sesIdentity }: AuthHardeningProps) {
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

    // Mail through SES from the app's identity: Cognito's default sender allows 50 mails a day.
    // SES must let Cognito send as that identity (a sending-authorization policy: amplify/README.md).
    cfnUserPool.emailConfiguration = {
      emailSendingAccount: 'DEVELOPER',
      sourceArn: `arn:${Aws.PARTITION}:ses:${Aws.REGION}:${Aws.ACCOUNT_ID}:identity/${sesIdentity}`,
      from: authFromAddress(sesIdentity),
    };

    // Amplify's client also allows custom auth and an OAuth code flow to https://example.com;
    // nothing here uses either.
    cfnUserPoolClient.explicitAuthFlows = APP_CLIENT_AUTH_FLOWS;
    cfnUserPoolClient.allowedOAuthFlowsUserPoolClient = false;
    for (const oauth of ['AllowedOAuthFlows', 'AllowedOAuthScopes', 'CallbackURLs', 'LogoutURLs']) {
      cfnUserPoolClient.addPropertyDeletionOverride(oauth);
    }
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
