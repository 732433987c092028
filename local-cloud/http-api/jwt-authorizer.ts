import { errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';

/**
 * API Gateway's JWT authorizer, as documented for HTTP APIs: the token (with or without "Bearer ")
 * must be a JWS whose header `kid` names a key in the issuer's JWKS, carry the configured issuer, have
 * an `exp` and be within exp, nbf and iat, and have an `aud` in the audience list or, when it has no
 * `aud`, a `client_id` in it (no route here asks for scopes). API Gateway
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
  let kid: string | undefined;
  try {
    ({
      payload,
      protectedHeader: { kid },
    } = await jwtVerify(token, config.keys, {
      issuer: config.issuer,
      algorithms: ['RS256'],
      requiredClaims: ['exp'],
    }));
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw new JwtAuthorizerError('the token has expired');
    throw new JwtAuthorizerError('the token is invalid');
  }
  // API Gateway looks the key up by kid only; jose would also take the one key of a set without it.
  if (typeof kid !== 'string') throw new JwtAuthorizerError('the token is invalid');
  // jose checks nbf and exp against now, but iat only for being a number.
  if (typeof payload.iat === 'number' && payload.iat * 1000 > Date.now()) {
    throw new JwtAuthorizerError('the token is not valid yet');
  }
  const audiences = payload.aud === undefined ? [payload.client_id] : [payload.aud].flat();
  if (!audiences.some((audience) => typeof audience === 'string' && config.audience.includes(audience))) {
    throw new JwtAuthorizerError('the token does not have a valid audience');
  }
  return payload;
}
