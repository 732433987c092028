import { RemovalPolicy } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import {
  amplifyEnvironmentName,
  type EnvironmentDatabaseNames,
  environmentDatabaseNames,
} from '../../db/environment-names.ts';

/**
 * Which environment this synthesis builds (from the context `ampx` passes: namespace, name, type)
 * and how it treats its data.
 *
 * - A production branch (`productionBranches` in the deployment config) keeps and protects its
 *   data: RETAIN on buckets, logs and the user pool, Cognito deletion protection, versioned buckets,
 *   its database kept when the environment is deleted.
 * - Every other environment is disposable: a sandbox (`npx ampx sandbox delete`) and any other
 *   branch (feature and preview branches come and go) empty and delete their buckets and logs, and
 *   the provisioner drops their database. A branch whose data must survive is a production branch.
 */
export interface Environment {
  /** `<namespace>-<name>-<type>`: unique per app and branch or sandbox (db/environment-names.ts). */
  name: string;
  type: 'sandbox' | 'branch';
  production: boolean;
  removalPolicy: RemovalPolicy;
  /** What the provisioner does with the database when the environment is deleted. */
  databaseRemoval: 'destroy' | 'retain';
  database: EnvironmentDatabaseNames;
}

export function environmentOf(scope: IConstruct, productionBranches: readonly string[]): Environment {
  const context = (key: string) => {
    const value = scope.node.tryGetContext(`amplify-backend-${key}`);
    if (typeof value !== 'string' || value === '')
      throw new Error(`CDK context amplify-backend-${key} is missing: synthesize through ampx`);
    return value;
  };
  const identity = { namespace: context('namespace'), name: context('name'), type: context('type') };
  if (identity.type !== 'sandbox' && identity.type !== 'branch')
    throw new Error(`unknown amplify-backend-type ${identity.type}`);
  const production = identity.type === 'branch' && productionBranches.includes(identity.name);
  const name = amplifyEnvironmentName(identity);
  return {
    name,
    type: identity.type,
    production,
    removalPolicy: production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    databaseRemoval: production ? 'retain' : 'destroy',
    database: environmentDatabaseNames(name),
  };
}
