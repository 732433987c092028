import { Aws, Duration } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  MathExpression,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { DataKey, KEY_WRITE } from '../amplify/constructs/data-keys.ts';
import type { PlatformDatabase } from './database.ts';

/** Thresholds of the shared database's alarms (per 5 minutes). */
export const DATABASE_ALARMS = {
  cpuPercent: 80,
  /** Of the cluster's maximum capacity (MAX_CAPACITY_ACU): near it, scaling has nowhere to go. */
  acuPercent: 90,
  /** Serverless v2 instances' local storage (temporary tables, sorts, logs). */
  freeLocalStorageBytes: 2 * 1024 ** 3,
  /** The proxy's connections to the database, of the most it may open. */
  proxyConnectionsPercent: 80,
} as const;

/**
 * The shared database's alarms, to the platform's own encrypted topic (environments come and go;
 * the database stays): CPU, capacity, local storage, and the proxy's connection saturation.
 */
export class PlatformAlarms extends Construct {
  readonly topic: Topic;

  constructor(
    scope: Construct,
    id: string,
    { database, email }: { database: PlatformDatabase; email: string },
  ) {
    super(scope, id);
    const key = new DataKey(this, 'TopicKey', 'Secure Orders platform alarm topic');
    key.allowService(
      'cloudwatch.amazonaws.com',
      `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*`,
      KEY_WRITE,
    );
    this.topic = new Topic(this, 'Topic', { masterKey: key.key, enforceSSL: true });
    this.topic.addSubscription(new EmailSubscription(email));
    const action = new SnsAction(this.topic);
    const period = Duration.minutes(5);

    const alarm = (name: string, metric: IMetric, threshold: number, below = false) =>
      new Alarm(this, name, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: below
          ? ComparisonOperator.LESS_THAN_OR_EQUAL_TO_THRESHOLD
          : ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(action);
    const rds = (metricName: string, dimensionsMap: Record<string, string>, statistic = 'Maximum') =>
      new Metric({ namespace: 'AWS/RDS', metricName, dimensionsMap, period, statistic });

    const cluster = { DBClusterIdentifier: database.cluster.clusterIdentifier };
    alarm('DatabaseCpu', rds('CPUUtilization', cluster), DATABASE_ALARMS.cpuPercent);
    alarm('DatabaseCapacity', rds('ACUUtilization', cluster), DATABASE_ALARMS.acuPercent);
    database.cluster.instanceIdentifiers.forEach((instance, index) => {
      alarm(
        `DatabaseFreeLocalStorage${index}`,
        rds('FreeLocalStorage', { DBInstanceIdentifier: instance }, 'Minimum'),
        DATABASE_ALARMS.freeLocalStorageBytes,
        true,
      );
    });
    const proxy = { ProxyName: database.proxy.dbProxyName };
    alarm(
      'ProxyConnectionSaturation',
      new MathExpression({
        expression: '100 * used / allowed',
        usingMetrics: {
          used: rds('DatabaseConnections', proxy),
          allowed: rds('MaxDatabaseConnectionsAllowed', proxy, 'Minimum'),
        },
        period,
        label: 'Proxy connections, % of allowed',
      }),
      DATABASE_ALARMS.proxyConnectionsPercent,
    );
  }
}
