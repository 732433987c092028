import { Aws } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, type IMetric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { DataKey, KEY_WRITE } from './data-keys.ts';

interface AlarmOptions {
  /** How a period without data counts (default: not breaching). */
  missing?: TreatMissingData;
  /** Alarm at or below the threshold instead of at or above it. */
  below?: boolean;
}

export interface AlarmTopic {
  topic: Topic;
  /** An alarm (one 5-minute evaluation) on `metric` at `threshold`, mailed through the topic. */
  alarm(name: string, metric: IMetric, threshold: number, options?: AlarmOptions): Alarm;
}

/**
 * An encrypted topic that mails `email` (SNS asks the address to confirm first), in `scope` as
 * `TopicKey` and `Topic`, and the alarms that go to it (children of `scope` too). CloudWatch cannot
 * publish to a topic under the AWS-managed SNS key: the topic gets a key of its own, usable by this
 * account's alarms only.
 */
export function alarmTopic(scope: Construct, email: string, description: string): AlarmTopic {
  const key = new DataKey(scope, 'TopicKey', description);
  key.allowService(
    'cloudwatch.amazonaws.com',
    `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*`,
    KEY_WRITE,
  );
  const topic = new Topic(scope, 'Topic', { masterKey: key.key, enforceSSL: true });
  topic.addSubscription(new EmailSubscription(email));
  const action = new SnsAction(topic);
  return {
    topic,
    alarm: (name, metric, threshold, { missing = TreatMissingData.NOT_BREACHING, below = false } = {}) => {
      const alarm = new Alarm(scope, name, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: below
          ? ComparisonOperator.LESS_THAN_OR_EQUAL_TO_THRESHOLD
          : ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: missing,
      });
      alarm.addAlarmAction(action);
      return alarm;
    },
  };
}
