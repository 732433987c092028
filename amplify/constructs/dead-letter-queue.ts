import { Aws, Duration } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { type DataKey, KEY_WRITE } from './data-keys.ts';
import type { BackendFunction } from './types.ts';

/**
 * A TLS-only queue, encrypted with `key` (whoever sends to it is granted on the key), that keeps what
 * could not be delivered for two weeks. Reading its messages takes a key grant of its own.
 */
export function deadLetterQueue(scope: Construct, id: string, key: DataKey): Queue {
  return new Queue(scope, id, {
    encryption: QueueEncryption.KMS,
    encryptionMasterKey: key.key,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
}

/**
 * Schedules and rules invoke functions asynchronously: their own DLQ only catches delivery failures.
 * What fails inside the function after Lambda's retries lands here too.
 */
export function sendAsyncFailuresTo(fn: BackendFunction, queue: Queue, key: DataKey): void {
  fn.resources.cfnResources.cfnFunction.deadLetterConfig = { targetArn: queue.queueArn };
  // Not queue.grantSendMessages: it would also grant the key's use in the role's own policy.
  fn.resources.lambda.addToRolePolicy(
    new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [queue.queueArn] }),
  );
  if (fn.resources.lambda.role) key.allowRole(fn.resources.lambda.role, KEY_WRITE);
}

/**
 * A schedule's target: invoke `fn` with `{ trigger: 'schedule' }` through a Scheduler role of the
 * scope's own, sending what cannot be delivered after `retries` to `queue`.
 */
export function scheduledInvoke(
  scope: Construct,
  fn: BackendFunction,
  {
    queue,
    key,
    retries,
  }: { queue: Queue; key: DataKey; retries: { attempts: number; maxEventAge: Duration } },
): LambdaInvoke {
  return new LambdaInvoke(fn.resources.lambda, {
    input: ScheduleTargetInput.fromObject({ trigger: 'schedule' }),
    role: schedulerRole(scope, 'SchedulerRole', key),
    deadLetterQueue: queue,
    retryAttempts: retries.attempts,
    maxEventAge: retries.maxEventAge,
  });
}

/** EventBridge Scheduler's role for one schedule target: sends its failures to an encrypted queue. */
function schedulerRole(scope: Construct, id: string, key: DataKey): Role {
  const role = new Role(scope, id, {
    assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
      conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
    }),
  });
  key.allowRole(role, KEY_WRITE);
  return role;
}
