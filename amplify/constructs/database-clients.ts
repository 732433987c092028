import { Aws } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { Platform } from '../config/index.ts';
import type { Network } from './network.ts';
import type { BackendFunction } from './types.ts';

export interface DatabaseClientsProps {
  platform: Platform;
  network: Network;
  /** The environment's database (db/environment-names.ts). */
  database: string;
}

/**
 * Makes a function a database client: it runs in the isolated subnets with the environment's Lambda
 * group and signs in to the RDS Proxy as one PostgreSQL role with an IAM token (`DB_AUTH=iam`). IAM
 * lets it be that role and no other (`rds-db:connect` on `<proxy>/<role>`), so no password exists
 * anywhere and another environment's roles are out of reach.
 */
export class DatabaseClients extends Construct {
  private readonly props: DatabaseClientsProps;

  constructor(scope: Construct, id: string, props: DatabaseClientsProps) {
    super(scope, id);
    this.props = props;
  }

  add(fn: BackendFunction, role: string): void {
    const { platform, network, database } = this.props;
    network.attach(fn.resources);
    fn.resources.lambda.addToRolePolicy(
      new PolicyStatement({
        actions: ['rds-db:connect'],
        resources: [
          `arn:${Aws.PARTITION}:rds-db:${Aws.REGION}:${Aws.ACCOUNT_ID}:dbuser:${platform.database.proxyResourceId}/${role}`,
        ],
      }),
    );
    fn.addEnvironment('DB_AUTH', 'iam');
    fn.addEnvironment('DB_USER', role);
    fn.addEnvironment('DB_HOST', platform.database.proxyEndpoint);
    fn.addEnvironment('DB_PORT', String(platform.database.port));
    fn.addEnvironment('DB_NAME', database);
  }
}
