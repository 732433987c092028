import { Duration } from 'aws-cdk-lib';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { deadLetterQueue, sendAsyncFailuresTo } from './dead-letter-queue.ts';
import type { BackendFunction } from './types.ts';

/**
 * Runs the outbox relay every minute. A missed run is harmless (the next one drains the outbox), so
 * retries are few and short-lived; what still fails lands in the dead-letter queue and raises an alarm.
 */
export class OutboxSchedule extends Construct {
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, { relay }: { relay: BackendFunction }) {
    super(scope, id);
    this.deadLetterQueue = deadLetterQueue(this, 'DeadLetterQueue');
    sendAsyncFailuresTo(relay, this.deadLetterQueue);
    new Schedule(this, 'EveryMinute', {
      description: 'Outbox relay, every minute',
      schedule: ScheduleExpression.rate(Duration.minutes(1)),
      target: new LambdaInvoke(relay.resources.lambda, {
        input: ScheduleTargetInput.fromObject({ trigger: 'schedule' }),
        deadLetterQueue: this.deadLetterQueue,
        retryAttempts: 2,
        maxEventAge: Duration.minutes(2),
      }),
    });
  }
}
