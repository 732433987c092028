import { Aspects, type IAspect } from 'aws-cdk-lib';
import type { CfnUserPool } from 'aws-cdk-lib/aws-cognito';
import { CfnKey } from 'aws-cdk-lib/aws-kms';
import { CfnLogGroup } from 'aws-cdk-lib/aws-logs';
import type { IConstruct } from 'constructs';
import type { Environment } from './environment.ts';

/**
 * Applies the environment's data protection where Amplify's defaults decide it: every log group
 * (Amplify's function logs included), every KMS key and the user pool. Buckets take it in their constructs
 * (Reports), the database through the provisioner's Removal property.
 */
export function protectData(app: IConstruct, environment: Environment, userPool: CfnUserPool): void {
  userPool.deletionProtection = environment.production ? 'ACTIVE' : 'INACTIVE';
  userPool.applyRemovalPolicy(environment.removalPolicy);
  const logGroups: IAspect = {
    visit(node) {
      // Keys too: a disposable environment's keys are scheduled for deletion with it.
      if (node instanceof CfnLogGroup || node instanceof CfnKey)
        node.applyRemovalPolicy(environment.removalPolicy);
    },
  };
  Aspects.of(app).add(logGroups);
}
