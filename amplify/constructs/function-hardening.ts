import { Stack } from 'aws-cdk-lib';
import { CfnPolicy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { IConstruct } from 'constructs';
import { roleOf } from './function-logs.ts';
import type { BackendFunction } from './types.ts';

const XRAY_WRITES = ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'];

/**
 * Active X-Ray tracing, which Amplify's defaults leave out. Its two write actions have no
 * resource-level permissions, so that one statement names `*` (acknowledged in
 * amplify/nag/acknowledgements.ts). Logs: see function-logs.ts.
 */
export function hardenFunction(fn: BackendFunction): void {
  fn.resources.cfnResources.cfnFunction.tracingConfig = { mode: 'Active' };
  fn.resources.lambda.addToRolePolicy(new PolicyStatement({ actions: XRAY_WRITES, resources: ['*'] }));
}

/**
 * Active tracing for a function Amplify creates (its SQL Lambda): Lambda records each invocation's
 * segment (init, duration, errors) in the AppSync request's trace, even though Amplify's code adds
 * no subsegments of its own.
 */
export function traceAmplifyFunction(fn: CfnFunction): void {
  fn.tracingConfig = { mode: 'Active' };
  const role = roleOf(fn, Stack.of(fn).resolve(fn.role));
  if (!role) throw new Error(`${fn.node.path}: its role is not in its stack`);
  const policy = new CfnPolicy(fn.node.scope as IConstruct, 'Tracing', {
    policyName: 'xray-writes',
    roles: [role.ref],
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: XRAY_WRITES, Resource: '*' }],
    },
  });
  fn.addDependency(policy);
}
