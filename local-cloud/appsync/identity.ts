import { GraphQLError } from 'graphql';

/** The claims of a verified Cognito access or ID token. */
export interface TokenClaims {
  sub: string;
  iss?: string;
  token_use?: string;
  username?: string;
  'cognito:username'?: string;
  'cognito:groups'?: string[];
  [claim: string]: unknown;
}

/** `ctx.identity` for user-pool callers, as AppSync builds it. */
export interface CognitoIdentity {
  sub: string;
  issuer: string;
  username: string;
  claims: TokenClaims;
  sourceIp: string[];
  defaultAuthStrategy: 'ALLOW';
  groups: string[] | null;
}

/** `ctx.identity` for IAM callers, as AppSync builds it. */
export interface IamIdentity {
  accountId: string;
  cognitoIdentityPoolId: string | null;
  cognitoIdentityId: string | null;
  cognitoIdentityAuthType: string | null;
  cognitoIdentityAuthProvider: string | null;
  sourceIp: string[];
  username: string;
  userArn: string;
}

/** Who is calling, and how: the two auth modes Amplify enables on this API. */
export type AppSyncCaller =
  | { authType: 'User Pool Authorization'; identity: CognitoIdentity }
  | { authType: 'IAM Authorization'; identity: IamIdentity };

export type IamCaller = Extract<AppSyncCaller, { authType: 'IAM Authorization' }>;

export function userPoolCaller(claims: TokenClaims, sourceIp = '127.0.0.1'): AppSyncCaller {
  return {
    authType: 'User Pool Authorization',
    identity: {
      sub: claims.sub,
      issuer: claims.iss ?? '',
      username: claims['cognito:username'] ?? claims.username ?? claims.sub,
      claims,
      sourceIp: [sourceIp],
      defaultAuthStrategy: 'ALLOW',
      groups: claims['cognito:groups'] ?? null,
    },
  };
}

/** The identity of a principal that assumed `roleName`, as EventBridge's AppSync target does. */
export function assumedRoleCaller(options: {
  accountId: string;
  roleName: string;
  sessionName?: string;
}): IamCaller {
  const session = options.sessionName ?? 'local-event-bridge';
  return {
    authType: 'IAM Authorization',
    identity: {
      accountId: options.accountId,
      cognitoIdentityPoolId: null,
      cognitoIdentityId: null,
      cognitoIdentityAuthType: null,
      cognitoIdentityAuthProvider: null,
      sourceIp: ['127.0.0.1'],
      username: `AROALOCAL${options.roleName.length}:${session}`,
      userArn: `arn:aws:sts::${options.accountId}:assumed-role/${options.roleName}/${session}`,
    },
  };
}

export const groupsOf = (caller: AppSyncCaller): string[] =>
  caller.authType === 'User Pool Authorization' ? (caller.identity.groups ?? []) : [];

/**
 * An error as AppSync reports it in `errors[]`: the message plus `errorType` (and, from JS resolvers'
 * `util.error`, `data` and `errorInfo`).
 */
export class AppSyncError extends GraphQLError {
  constructor(
    message: string,
    readonly errorType: string,
    readonly errorData: unknown = null,
    readonly errorInfo: unknown = null,
  ) {
    super(message);
  }
}

export const notAuthorized = (typeName: string, fieldName: string) =>
  new AppSyncError(`Not Authorized to access ${fieldName} on type ${typeName}`, 'Unauthorized');

/** A request refused before execution (HTTP 401, or a realtime connection/start error). */
export class UnauthorizedException extends Error {
  readonly errorType = 'UnauthorizedException';
}

/**
 * Resolves the `Authorization` value a client sent (the raw JWT, as aws-amplify sends it) to a
 * caller, with AppSync's messages for a missing or unusable token.
 */
export async function callerFromAuthorization(
  authorization: unknown,
  verifyToken: (token: string) => Promise<TokenClaims>,
): Promise<AppSyncCaller> {
  if (typeof authorization !== 'string' || authorization === '') {
    throw new UnauthorizedException('Missing authorization header');
  }
  try {
    return userPoolCaller(await verifyToken(authorization));
  } catch (error) {
    const expired = (error as { code?: string }).code === 'ERR_JWT_EXPIRED';
    throw new UnauthorizedException(
      expired ? 'Token has expired.' : 'Valid authorization header not provided.',
    );
  }
}
