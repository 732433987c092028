import { Duration } from 'aws-cdk-lib';
import { type IFunction, Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Trigger } from 'aws-cdk-lib/triggers';
import { Construct } from 'constructs';

/**
 * Runs the migrate function during every deployment (a CDK trigger: a custom resource that invokes
 * it and fails the deployment if it fails), before anything that depends on the schema.
 */
export class MigrationsOnDeploy extends Construct {
  readonly trigger: Trigger;

  constructor(
    scope: Construct,
    id: string,
    {
      migrate,
      executeAfter,
      executeBefore,
    }: { migrate: IFunction; executeAfter: Construct[]; executeBefore: Construct[] },
  ) {
    super(scope, id);
    if (!(migrate instanceof LambdaFunction))
      throw new Error('the migrate function must be a lambda.Function');
    this.trigger = new Trigger(this, 'Trigger', {
      handler: migrate,
      executeOnHandlerChange: true,
      executeAfter,
      executeBefore,
      timeout: Duration.minutes(5),
    });
  }
}
