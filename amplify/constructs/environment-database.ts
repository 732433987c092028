import { CustomResource } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { Environment } from './environment.ts';

export interface EnvironmentDatabaseProps {
  environment: Environment;
  /** The platform's provisioner function ARN. */
  serviceToken: string;
  /** Where Amplify keeps this environment's SQL_CONNECTION_STRING (the readonly role's password). */
  readonlyPasswordParameter: string;
}

/**
 * This environment's database and its three roles, created (idempotently) by the platform's
 * provisioner on every deploy and dropped or kept with the environment (functions/provision-environment).
 * The provisioner never returns a password; the roles' names come back as attributes.
 */
export class EnvironmentDatabase extends Construct {
  readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: EnvironmentDatabaseProps) {
    super(scope, id);
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: props.serviceToken,
      resourceType: 'Custom::EnvironmentDatabase',
      properties: {
        Environment: props.environment.name,
        Removal: props.environment.databaseRemoval,
        ReadonlyPasswordParameter: props.readonlyPasswordParameter,
      },
    });
  }
}
