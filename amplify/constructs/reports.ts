import { Aws, Duration, RemovalPolicy, TimeZone } from 'aws-cdk-lib';
import { EventField, type IEventBus, Rule, RuleTargetInput } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { DeploymentConfig } from '../config/index.ts';
import { type DataKey, KEY_READ, KEY_WRITE } from './data-keys.ts';
import { deadLetterQueue, scheduledInvoke, sendAsyncFailuresTo } from './dead-letter-queue.ts';
import { REPORT_PREFIX, REPORT_REQUEST_DETAIL_TYPE, REPORT_REQUEST_SOURCE } from './report-requests.ts';
import type { BackendFunction } from './types.ts';

export { REPORT_PREFIX, REPORT_REQUEST_DETAIL_TYPE, REPORT_REQUEST_SOURCE };

export interface ReportsProps {
  config: DeploymentConfig['reports'];
  /** Production keeps and versions its reports; any other environment empties and deletes its buckets. */
  production: boolean;
  report: BackendFunction;
  /** Signs report download links (GET /reports/{id}/download). */
  reportDownload: BackendFunction;
  bus: IEventBus;
  /** Encrypts the bucket and the dead-letter queue. */
  key: DataKey;
}

/**
 * Reports: a private, encrypted bucket (versioned in production); the report function runs daily (in the configured
 * time zone) and on demand (an EventBridge event from the orders API), may write and read only the
 * report prefix, and may send email only from the configured address.
 */
export class Reports extends Construct {
  readonly bucket: Bucket;
  readonly deadLetterQueue: Queue;

  constructor(
    scope: Construct,
    id: string,
    { config, production, report, reportDownload, bus, key }: ReportsProps,
  ) {
    super(scope, id);
    const lifecycle = production
      ? { removalPolicy: RemovalPolicy.RETAIN }
      : { removalPolicy: RemovalPolicy.DESTROY, autoDeleteObjects: true };
    const accessLogs = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      ...lifecycle,
    });
    // Server access logs cannot go to an SSE-KMS bucket (S3 delivers them with SSE-S3 only).
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.KMS,
      encryptionKey: key.key,
      bucketKeyEnabled: true,
      enforceSSL: true,
      versioned: production,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'reports-bucket/',
      lifecycleRules: [
        {
          prefix: REPORT_PREFIX,
          expiration: Duration.days(400),
          noncurrentVersionExpiration: Duration.days(30),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      ...lifecycle,
    });

    const reportObjects = this.bucket.arnForObjects(`${REPORT_PREFIX}*`);
    report.resources.lambda.addToRolePolicy(
      new PolicyStatement({ actions: ['s3:PutObject', 's3:GetObject'], resources: [reportObjects] }),
    );
    // The download function signs URLs for report objects: it needs to read them, nothing more.
    reportDownload.resources.lambda.addToRolePolicy(
      new PolicyStatement({ actions: ['s3:GetObject'], resources: [reportObjects] }),
    );
    const roleOf = (fn: BackendFunction) => {
      if (!fn.resources.lambda.role) throw new Error(`${fn.resources.lambda.node.path} has no role`);
      return fn.resources.lambda.role;
    };
    key.allowRole(roleOf(report), KEY_WRITE);
    key.allowRole(roleOf(reportDownload), KEY_READ);
    for (const fn of [report, reportDownload]) {
      fn.addEnvironment('REPORT_BUCKET_NAME', this.bucket.bucketName);
      fn.addEnvironment('REPORT_PREFIX', REPORT_PREFIX);
    }

    report.resources.lambda.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['ses:SendEmail', 'ses:SendRawEmail'],
        resources: [
          `arn:${Aws.PARTITION}:ses:${Aws.REGION}:${Aws.ACCOUNT_ID}:identity/${config.sesIdentity}`,
        ],
        conditions: { StringEquals: { 'ses:FromAddress': config.fromAddress } },
      }),
    );

    this.deadLetterQueue = deadLetterQueue(this, 'DeadLetterQueue', key);
    sendAsyncFailuresTo(report, this.deadLetterQueue, key);
    new Schedule(this, 'Daily', {
      description: 'Daily orders report',
      schedule: ScheduleExpression.cron({
        hour: String(config.dailyAt.hour),
        minute: String(config.dailyAt.minute),
        timeZone: TimeZone.of(config.timezone),
      }),
      target: scheduledInvoke(this, report, {
        queue: this.deadLetterQueue,
        key,
        retries: { attempts: 3, maxEventAge: Duration.hours(2) },
      }),
    });

    // On demand: the orders API puts a ReportRequested event; the rule invokes the report function.
    const onDemand = new Rule(this, 'OnDemand', {
      eventBus: bus,
      description: 'Report requests from the orders API',
      eventPattern: { source: [REPORT_REQUEST_SOURCE], detailType: [REPORT_REQUEST_DETAIL_TYPE] },
      targets: [
        new LambdaFunction(report.resources.lambda, {
          event: RuleTargetInput.fromObject({
            trigger: 'request',
            reportId: EventField.fromPath('$.detail.reportId'),
          }),
          deadLetterQueue: this.deadLetterQueue,
          retryAttempts: 3,
          maxEventAge: Duration.hours(2),
        }),
      ],
    });
    key.allowService('events.amazonaws.com', onDemand.ruleArn, KEY_WRITE);
  }
}
