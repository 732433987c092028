import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { BackendFunction } from './types.ts';

/**
 * Active X-Ray tracing, which Amplify's defaults leave out. Its two write actions have no
 * resource-level permissions, so that one statement names `*` (acknowledged in
 * amplify/nag/acknowledgements.ts). Logs: see function-logs.ts.
 */
export function hardenFunction(fn: BackendFunction): void {
  fn.resources.cfnResources.cfnFunction.tracingConfig = { mode: 'Active' };
  fn.resources.lambda.addToRolePolicy(
    new PolicyStatement({ actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], resources: ['*'] }),
  );
}
