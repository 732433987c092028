import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { BackendFunction } from './types.ts';

/**
 * Active X-Ray tracing on a function. The two X-Ray write actions have no resource-level permissions,
 * so their statement names `*` (acknowledged in amplify/nag/acknowledgements.ts).
 */
export function traceFunction(fn: BackendFunction): void {
  fn.resources.cfnResources.cfnFunction.tracingConfig = { mode: 'Active' };
  fn.resources.lambda.addToRolePolicy(
    new PolicyStatement({ actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], resources: ['*'] }),
  );
}
