import { Duration } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { BackendFunction } from './types.ts';

/** An encrypted, TLS-only queue that keeps what could not be delivered for two weeks. */
export function deadLetterQueue(scope: Construct, id: string): Queue {
  return new Queue(scope, id, {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
}

/**
 * Schedules and rules invoke functions asynchronously: their own DLQ only catches delivery failures.
 * What fails inside the function after Lambda's retries lands here too.
 */
export function sendAsyncFailuresTo(fn: BackendFunction, queue: Queue): void {
  fn.resources.cfnResources.cfnFunction.deadLetterConfig = { targetArn: queue.queueArn };
  queue.grantSendMessages(fn.resources.lambda);
}
