import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The server half of Cognito's SRP-6a variant, which the aws-amplify client uses for every
 * password sign-in (USER_SRP_AUTH). Hand-written because no maintained server-side library speaks
 * Cognito's dialect: its 3072-bit group, hashes over Java-style two's-complement hex, the pool name
 * inside x, and the "Caldera Derived Key" HKDF behind PASSWORD_CLAIM_SIGNATURE. Every step mirrors
 * @aws-amplify/auth's providers/cognito/utils/srp/*, and srp.test.ts checks it against that code.
 *
 * The pool stores only (salt, verifier) per user, never the password; USER_PASSWORD_AUTH checks a
 * password by recomputing the verifier.
 */

// RFC 5054's 3072-bit group, as Cognito (and the client's constants.ts) uses it.
const N = BigInt(
  '0xFFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD' +
    'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
    'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F' +
    '83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
    'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510' +
    '15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7' +
    'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C' +
    'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF',
);
const g = 2n;
const k = hashHexToBigInt(paddedHex(N) + paddedHex(g));

/** A user's SRP secret: what the pool keeps instead of a password. Both hex. */
export interface SrpVerifier {
  salt: string;
  verifier: string;
}

/** The server's ephemeral values for one sign-in attempt; b stays on the server. */
export interface SrpServerEphemeral {
  b: string;
  B: string;
}

/** "Caldera" is the pool id's part after the region: eu-west-1_Abc -> Abc. */
export function poolNameOf(userPoolId: string): string {
  return userPoolId.split('_')[1] ?? '';
}

export function createSrpVerifier(poolName: string, userIdForSrp: string, password: string): SrpVerifier {
  const salt = randomBytes(16).toString('hex');
  return { salt, verifier: paddedHex(modPow(g, privateKeyX(poolName, userIdForSrp, password, salt), N)) };
}

/** Does this password produce the stored verifier? (USER_PASSWORD_AUTH, ChangePassword.) */
export function passwordMatches(
  poolName: string,
  userIdForSrp: string,
  password: string,
  { salt, verifier }: SrpVerifier,
): boolean {
  const candidate = paddedHex(modPow(g, privateKeyX(poolName, userIdForSrp, password, salt), N));
  return constantTimeEqual(candidate, verifier);
}

/** B = k*v + g^b mod N, for the PASSWORD_VERIFIER challenge. */
export function createServerEphemeral({ verifier }: SrpVerifier): SrpServerEphemeral {
  const v = BigInt(`0x${verifier}`);
  let b: bigint;
  let B: bigint;
  do {
    b = BigInt(`0x${randomBytes(128).toString('hex')}`);
    B = (k * v + modPow(g, b, N)) % N;
  } while (B === 0n);
  return { b: b.toString(16), B: B.toString(16) };
}

/** A client's SRP_A is usable unless A mod N is 0 (which would let anyone in). */
export function isValidClientEphemeral(srpA: string): boolean {
  return /^[0-9a-f]+$/i.test(srpA) && BigInt(`0x${srpA}`) % N !== 0n;
}

export interface PasswordClaim {
  poolName: string;
  userIdForSrp: string;
  srpA: string;
  ephemeral: SrpServerEphemeral;
  stored: SrpVerifier;
  secretBlock: string;
  timestamp: string;
  signature: string;
}

/**
 * Recomputes the client's PASSWORD_CLAIM_SIGNATURE: S = (A * v^u)^b mod N, the HKDF key from S and
 * u, then HMAC(key, poolName | userIdForSrp | secretBlock bytes | timestamp).
 */
export function passwordClaimMatches(claim: PasswordClaim): boolean {
  const A = BigInt(`0x${claim.srpA}`);
  const B = BigInt(`0x${claim.ephemeral.B}`);
  const b = BigInt(`0x${claim.ephemeral.b}`);
  const v = BigInt(`0x${claim.stored.verifier}`);
  const u = hashHexToBigInt(paddedHex(A) + paddedHex(B));
  if (u === 0n) return false;
  const S = modPow((A * modPow(v, u, N)) % N, b, N);
  const key = hkdf(Buffer.from(paddedHex(S), 'hex'), Buffer.from(paddedHex(u), 'hex'));
  const expected = createHmac('sha256', key)
    .update(claim.poolName)
    .update(claim.userIdForSrp)
    .update(Buffer.from(claim.secretBlock, 'base64'))
    .update(claim.timestamp)
    .digest('base64');
  return constantTimeEqual(expected, claim.signature);
}

function privateKeyX(poolName: string, userIdForSrp: string, password: string, saltHex: string): bigint {
  const identityHash = createHash('sha256').update(`${poolName}${userIdForSrp}:${password}`).digest('hex');
  return hashHexToBigInt(paddedHex(BigInt(`0x${saltHex}`)) + identityHash);
}

// Cognito's HKDF: one HMAC block with info "Caldera Derived Key" + 0x01, truncated to 16 bytes.
function hkdf(inputKeyMaterial: Buffer, salt: Buffer): Buffer {
  const pseudoRandomKey = createHmac('sha256', salt).update(inputKeyMaterial).digest();
  return createHmac('sha256', pseudoRandomKey).update('Caldera Derived Key\u0001').digest().subarray(0, 16);
}

/**
 * Hex of a non-negative integer as Java's BigInteger.toByteArray() would give it: even length, and a
 * leading 00 when the top bit is set. The client hashes these bytes, so the padding must match.
 */
function paddedHex(value: bigint): string {
  let hex = value.toString(16);
  if (hex.length % 2 !== 0) hex = `0${hex}`;
  return /^[89a-f]/i.test(hex) ? `00${hex}` : hex;
}

function hashHexToBigInt(hex: string): bigint {
  return BigInt(`0x${createHash('sha256').update(Buffer.from(hex, 'hex')).digest('hex')}`);
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let factor = base % modulus;
  let remaining = exponent;
  while (remaining > 0n) {
    if (remaining & 1n) result = (result * factor) % modulus;
    factor = (factor * factor) % modulus;
    remaining >>= 1n;
  }
  return result;
}

function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
