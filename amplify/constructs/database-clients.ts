import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { DeploymentConfig } from '../config/index.ts';
import type { Network } from './network.ts';
import type { BackendFunction } from './types.ts';

export interface DatabaseClientsProps {
  database: DeploymentConfig['database'];
  network: Network;
}

/**
 * Makes a function a database client: it runs in the isolated subnets with the Lambda group, may read
 * the credentials secret (and nothing else in Secrets Manager), and is told where the RDS Proxy is.
 */
export class DatabaseClients extends Construct {
  private readonly props: DatabaseClientsProps;

  constructor(scope: Construct, id: string, props: DatabaseClientsProps) {
    super(scope, id);
    this.props = props;
  }

  add(name: string, fn: BackendFunction): void {
    const { database, network } = this.props;
    network.attach(fn.resources);
    const secret = Secret.fromSecretCompleteArn(this, `${name}Secret`, database.secretArn);
    secret.grantRead(fn.resources.lambda);
    fn.addEnvironment('DB_SECRET_ARN', database.secretArn);
    fn.addEnvironment('DB_HOST', database.proxyEndpoint);
    fn.addEnvironment('DB_PORT', String(database.port));
    fn.addEnvironment('DB_NAME', database.name);
  }
}
