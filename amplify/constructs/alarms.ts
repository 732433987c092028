import { Aws, Duration } from 'aws-cdk-lib';
import { MathExpression, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Topic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { alarmTopic } from './alarm-topic.ts';

/** Seconds the oldest unpublished outbox event may wait before someone is paged. */
export const OUTBOX_LAG_ALARM_SECONDS = 120;

export interface AlarmsProps {
  email: string;
  functions: Record<string, IFunction>;
  deadLetterQueues: Record<string, IQueue>;
  httpApiId: string;
  graphqlApiId: string;
  /** Amplify's SQL Lambda, which serves every AppSync read. */
  sqlFunctionName: string;
  userPoolId: string;
  /** The regional web ACLs' names (AWS/WAFV2 metrics are by name). */
  webAclNames: string[];
}

/** GraphQL errors (field errors come back as HTTP 200) in 5 minutes: refusals count too, so a spike. */
const GRAPHQL_ERRORS_ALARM = 25;
/** Requests WAF blocked in 5 minutes, per web ACL. */
const WAF_BLOCKED_ALARM = 100;

/**
 * A CloudWatch Metrics Insights query: it sums a metric over every dimension set it is published
 * with (AppSync's enhanced metrics per resolver, Cognito's risk metrics per event), filtered to ours.
 */
const insights = (metric: string, namespace: string, dimension: string, value: string, period: Duration) =>
  new MathExpression({
    expression: `SELECT SUM(${metric}) FROM "${namespace}" WHERE ${dimension} = '${value}'`,
    period,
    usingMetrics: {},
    label: metric,
  });

/**
 * The alarms that page someone (by email through an encrypted topic): function errors and throttles
 * (Amplify's SQL Lambda too), anything in a dead-letter queue, server errors on either API, GraphQL
 * field errors (HTTP 200), WAF block spikes, Cognito compromised-credential events, and a lagging
 * outbox. The database and proxy alarms are the platform's (platform/alarms.ts).
 */
export class Alarms extends Construct {
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    const { topic, alarm } = alarmTopic(this, props.email, 'Secure Orders alarm topic');
    this.topic = topic;
    const period = Duration.minutes(5);

    for (const [name, fn] of Object.entries(props.functions)) {
      alarm(`${name}Errors`, fn.metricErrors({ period, statistic: 'Sum' }), 1);
      alarm(`${name}Throttles`, fn.metricThrottles({ period, statistic: 'Sum' }), 1);
    }
    const sqlFunction = (metricName: string) =>
      new Metric({
        namespace: 'AWS/Lambda',
        metricName,
        dimensionsMap: { FunctionName: props.sqlFunctionName },
        period,
        statistic: 'Sum',
      });
    alarm('SqlFunctionErrors', sqlFunction('Errors'), 1);
    alarm('SqlFunctionThrottles', sqlFunction('Throttles'), 1);
    alarm(
      'GraphqlErrors',
      insights('GraphQLError', 'AWS/AppSync', 'GraphQLAPIId', props.graphqlApiId, period),
      GRAPHQL_ERRORS_ALARM,
    );
    alarm(
      'CompromisedCredentials',
      insights('CompromisedCredentialsRisk', 'AWS/Cognito', 'UserPoolId', props.userPoolId, period),
      1,
    );
    props.webAclNames.forEach((webAcl, index) => {
      alarm(
        `WafBlocked${index}`,
        new Metric({
          namespace: 'AWS/WAFV2',
          metricName: 'BlockedRequests',
          dimensionsMap: { WebACL: webAcl, Region: Aws.REGION, Rule: 'ALL' },
          period,
          statistic: 'Sum',
        }),
        WAF_BLOCKED_ALARM,
      );
    });
    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      alarm(
        `${name}DeadLetters`,
        queue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' }),
        1,
      );
    }
    alarm(
      'HttpApi5xx',
      new Metric({
        namespace: 'AWS/ApiGateway',
        metricName: '5xx',
        dimensionsMap: { ApiId: props.httpApiId },
        period,
        statistic: 'Sum',
      }),
      1,
    );
    alarm(
      'GraphqlApi5xx',
      new Metric({
        namespace: 'AWS/AppSync',
        metricName: '5XXError',
        dimensionsMap: { GraphQLAPIId: props.graphqlApiId },
        period,
        statistic: 'Sum',
      }),
      1,
    );
    // Emitted by the relay on every run; silence means the relay is not running, which is lag too.
    alarm(
      'OutboxLag',
      new Metric({
        namespace: 'SecureOrders',
        metricName: 'OutboxLagSeconds',
        dimensionsMap: { service: 'outbox-relay' },
        period,
        statistic: 'Maximum',
      }),
      OUTBOX_LAG_ALARM_SECONDS,
      { missing: TreatMissingData.BREACHING },
    );
  }
}
