import { Duration } from 'aws-cdk-lib';
import { MathExpression, Metric } from 'aws-cdk-lib/aws-cloudwatch';
import type { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { alarmTopic } from '../amplify/constructs/alarm-topic.ts';
import type { PlatformDatabase } from './database.ts';

/** Thresholds of the shared database's alarms (per 5 minutes). */
const DATABASE_ALARMS = {
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
    const { topic, alarm } = alarmTopic(this, email, 'Secure Orders platform alarm topic');
    this.topic = topic;
    const period = Duration.minutes(5);
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
        { below: true },
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
