import { Stack } from 'aws-cdk-lib';
import { CfnRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { BackendFunction } from './types.ts';

const BASIC_EXECUTION_ROLE = 'service-role/AWSLambdaBasicExecutionRole';

/**
 * Per-function hardening Amplify's defaults leave out:
 * - active X-Ray tracing. Its two write actions have no resource-level permissions, so that one
 *   statement names `*` (acknowledged in amplify/nag/acknowledgements.ts);
 * - log writes to the function's own log group only, instead of AWSLambdaBasicExecutionRole
 *   (which allows any log group).
 */
export function hardenFunction(fn: BackendFunction): void {
  const { lambda, cfnResources } = fn.resources;
  cfnResources.cfnFunction.tracingConfig = { mode: 'Active' };
  lambda.addToRolePolicy(
    new PolicyStatement({ actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], resources: ['*'] }),
  );

  const cfnRole = lambda.role?.node.defaultChild;
  if (!(lambda instanceof LambdaFunction) || !(cfnRole instanceof CfnRole)) {
    throw new Error(`${lambda.node.path} is not a function with a role of its own`);
  }
  const remaining = Stack.of(cfnRole)
    .resolve(cfnRole.managedPolicyArns)
    .filter((arn: unknown) => !JSON.stringify(arn).includes(BASIC_EXECUTION_ROLE));
  cfnRole.managedPolicyArns = remaining;
  lambda.addToRolePolicy(
    new PolicyStatement({
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [lambda.logGroup.logGroupArn],
    }),
  );
}
