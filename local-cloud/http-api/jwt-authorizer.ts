import { errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';

/**
 * API Gateway's JWT authorizer, as documented for HTTP APIs: the token (with or without "Bearer ")
 * must be a JWS signed by a key in the issuer's JWKS, carry the configured issuer, be within exp/nbf,
 * and have an `aud` in the audience list or, when it has no `aud`, a `client_id` in it. API Gateway
 * does not look at `token_use`: an ID token of the app client passes here, and the handler refuses
 * it, exactly as in the cloud.
 */
export interface JwtAuthorizerConfig {
  issuer: string;
  audience: readonly string[];
  keys: JWTVerifyGetKey;
}

export class JwtAuthorizerError extends Error {
  override readonly name = 'JwtAuthorizerError';
}

export async function authorizeJwt(
  authorization: string | undefined,
  config: JwtAuthorizerConfig,
): Promise<JWTPayload> {
  const token = authorization?.replace(/^Bearer\s+/i, '').trim();
  if (!token) throw new JwtAuthorizerError('the token is missing');
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, config.keys, {
      issuer: config.issuer,
      algorithms: ['RS256'],
      requiredClaims: ['exp'],
    }));
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw new JwtAuthorizerError('the token has expired');
    throw new JwtAuthorizerError('the token is invalid');
  }
  const audiences = payload.aud === undefined ? [payload.client_id] : [payload.aud].flat();
  if (!audiences.some((audience) => typeof audience === 'string' && config.audience.includes(audience))) {
    throw new JwtAuthorizerError('the token does not have a valid audience');
  }
  return payload;
}
