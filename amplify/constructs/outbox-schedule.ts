import { Duration } from 'aws-cdk-lib';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { DataKey } from './data-keys.ts';
import { deadLetterQueue, scheduledInvoke, sendAsyncFailuresTo } from './dead-letter-queue.ts';
import type { BackendFunction } from './types.ts';

/**
 * Runs the outbox relay every minute. A missed run is harmless (the next one drains the outbox), so
 * retries are few and short-lived; what still fails lands in the dead-letter queue and raises an alarm.
 */
export class OutboxSchedule extends Construct {
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, { relay, key }: { relay: BackendFunction; key: DataKey }) {
    super(scope, id);
    this.deadLetterQueue = deadLetterQueue(this, 'DeadLetterQueue', key);
    sendAsyncFailuresTo(relay, this.deadLetterQueue, key);
    new Schedule(this, 'EveryMinute', {
      description: 'Outbox relay, every minute',
      schedule: ScheduleExpression.rate(Duration.minutes(1)),
      target: scheduledInvoke(this, relay, {
        queue: this.deadLetterQueue,
        key,
        retries: { attempts: 2, maxEventAge: Duration.minutes(2) },
      }),
    });
  }
}
