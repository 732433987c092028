import { randomBytes } from 'node:crypto';
import { chmodSync, writeFileSync } from 'node:fs';
import type { Credentials } from '../aws/sigv4-presigned.ts';
import { LOCAL_ACCOUNT_ID } from '../config.ts';
import { type AccessRequest, checkStatements, evaluate, type PolicyStatement } from './policy.ts';

/**
 * The identities that may call the local AWS APIs, each with its own access key, as in AWS: one per
 * function role (the keys its Lambda environment would hold), and the operator, the developer's own
 * IAM identity (broad, as `aws configure` gives it in their account, but never anonymous). Keys are
 * made anew on every start; only the operator's are written down, to a file only the user may read.
 */
export interface LocalPrincipal {
  name: string;
  arn: string;
  credentials: Credentials;
  statements: readonly PolicyStatement[];
}

export interface PrincipalDirectory {
  byAccessKey(accessKeyId: string): LocalPrincipal | undefined;
  get(name: string): LocalPrincipal;
}

export const OPERATOR = 'operator';
const OPERATOR_STATEMENTS: PolicyStatement[] = [{ Effect: 'Allow', Action: '*', Resource: '*' }];

export function createPrincipals(roles: Record<string, readonly PolicyStatement[]>): PrincipalDirectory {
  const principals = [
    principal(OPERATOR, `arn:aws:iam::${LOCAL_ACCOUNT_ID}:user/local-operator`, OPERATOR_STATEMENTS),
    ...Object.entries(roles).map(([role, statements]) =>
      principal(role, `arn:aws:sts::${LOCAL_ACCOUNT_ID}:assumed-role/${role}-role/${role}`, statements),
    ),
  ];
  return {
    byAccessKey: (accessKeyId) =>
      principals.find((candidate) => candidate.credentials.accessKeyId === accessKeyId),
    get(name) {
      const found = principals.find((candidate) => candidate.name === name);
      if (!found) throw new Error(`No local principal ${name}`);
      return found;
    },
  };
}

function principal(name: string, arn: string, statements: readonly PolicyStatement[]): LocalPrincipal {
  checkStatements(statements);
  const credentials = {
    accessKeyId: `ASIALOCAL${randomBytes(6).toString('hex').toUpperCase()}`,
    secretAccessKey: randomBytes(30).toString('base64'),
  };
  return { name, arn, credentials, statements };
}

/** AWS's refusal text, which names the caller, the action and the resource. */
export function accessDeniedMessage(caller: LocalPrincipal, request: AccessRequest): string | undefined {
  if (evaluate(caller.statements, request) === 'Allow') return undefined;
  return `User: ${caller.arn} is not authorized to perform: ${request.action} on resource: ${request.resource} because no identity-based policy allows the ${request.action} action`;
}

/** The operator's keys, for `npm run invoke` and developer scripts: readable by this user only. */
export function writeOperatorCredentials(file: string, credentials: Credentials): void {
  writeFileSync(file, `${JSON.stringify(credentials)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
}
