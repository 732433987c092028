import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, type NagPack, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/**
 * Every cdk-nag finding this backend accepts, with the reason. Nothing else is acknowledged anywhere:
 * a new finding fails `npm run synth` until it is fixed or explained here.
 *
 * `rule` and `path` are patterns (`*` matches anything); `path` is the construct path below the root
 * stack. They are resolved to exact findings (cdk-nag 3 matches exact IDs only) by a dry run of the
 * packs, so an entry never silences more than the findings it names.
 */
export interface Acknowledgement {
  rule: string;
  path: string;
  reason: string;
  /** Created by this project's code (true) or by Amplify / CDK internals we do not control (false). */
  ours: boolean;
}

const AMPLIFY_SQL = 'data/amplifyData/SQLApiStack*';

export const ACKNOWLEDGEMENTS: readonly Acknowledgement[] = [
  // --- Resources this project creates ---
  {
    ours: true,
    rule: 'AwsSolutions-COG1',
    path: 'auth/amplifyAuth/UserPool/Resource',
    reason:
      'OWASP ASVS 5.0 V6.2 asks for length (15+ characters here, up to 256) and forbids composition rules, which this rule demands; breached passwords are refused by the Plus plan compromised-credentials check.',
  },
  {
    ours: true,
    rule: 'AwsSolutions-COG2',
    path: 'auth/amplifyAuth/UserPool/Resource',
    reason:
      'TOTP is optional for customers by design; administrators get no admin privilege until TOTP is set up (the pre-token-generation trigger withholds the ADMINS claim).',
  },
  {
    ours: true,
    rule: 'AwsSolutions-IAM5[Resource::*]',
    path: '*/OwnLogsPolicy',
    reason:
      "A VPC function's ENI actions (ec2:CreateNetworkInterface, Describe*, Delete*, Assign/UnassignPrivateIpAddresses) as AWSLambdaVPCAccessExecutionRole writes them, without its log writes on every group (constructs/function-logs.ts).",
  },
  {
    ours: true,
    rule: 'AwsSolutions-IAM5[Resource::*]',
    path: '*/*-lambda/ServiceRole/DefaultPolicy/Resource',
    reason:
      'Only the X-Ray statement (xray:PutTraceSegments, xray:PutTelemetryRecords): X-Ray supports no resource-level permissions for them.',
  },
  {
    ours: true,
    rule: 'AwsSolutions-IAM5[Resource::<ReportsBucket*.Arn>/reports/*]',
    path: 'function/*-lambda/ServiceRole/DefaultPolicy/Resource',
    reason: 'Object-level access to the report prefix only (report keys are generated at run time).',
  },
  {
    ours: true,
    rule: 'AwsSolutions-IAM5[Resource::<*lambda*.Arn>:*]',
    path: 'function/*/SchedulerRole/DefaultPolicy/Resource',
    reason: "The scheduler's role may invoke one function, any of its versions (CDK's LambdaInvoke grant).",
  },
  {
    ours: true,
    rule: 'AwsSolutions-SQS3',
    path: 'data/OrderEvents/DeadLetterQueue/Resource',
    reason: 'It is itself the dead-letter queue of the EventBridge rule target (alarmed on depth).',
  },
  {
    ours: true,
    rule: 'Serverless-SQSRedrivePolicy',
    path: '*/DeadLetterQueue/Resource',
    reason: 'These queues are dead-letter queues; a dead-letter queue of a dead-letter queue adds nothing.',
  },
  {
    ours: true,
    rule: 'Serverless-LambdaDLQ',
    path: '*/*-lambda/Resource',
    reason:
      'Invoked synchronously (API Gateway, Cognito trigger, deploy-time trigger): the caller sees the error. The asynchronously invoked report and outbox relay do have a DLQ.',
  },
  {
    ours: true,
    rule: 'Serverless-SNSRedrivePolicy',
    path: 'observability/Alarms/Topic/*/Resource',
    reason:
      'An email subscription to the alarm topic; a failed email leaves the alarm state visible in CloudWatch.',
  },
  {
    ours: true,
    rule: 'AwsSolutions-ASC3',
    path: 'data/amplifyData/GraphQLAPI/Resource',
    reason:
      'Request-level (ALL) field logging would log order data and tokens; errors are logged, and WAF plus X-Ray record every request.',
  },
  // --- Created by Amplify or CDK internals ---
  {
    ours: false,
    rule: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/*]',
    path: 'data/*',
    reason: "Amplify Data's own helper roles (SQL Lambda, log retention, asset deployment, AppSync logging).",
  },
  {
    ours: false,
    rule: 'AwsSolutions-IAM5*',
    path: `${AMPLIFY_SQL}/*`,
    reason:
      "Amplify's SQL Lambda: logs and its own SSM parameter paths (region and account wildcards are Amplify's), ENI actions for its VPC.",
  },
  {
    ours: false,
    rule: 'AwsSolutions-IAM5*',
    path: 'data/LogRetention*/ServiceRole/DefaultPolicy/Resource',
    reason: 'CDK log-retention helper used by Amplify Data for the AppSync log group.',
  },
  {
    ours: false,
    rule: 'AwsSolutions-IAM5*',
    path: 'data/Custom::CDKBucketDeployment*/ServiceRole/DefaultPolicy/Resource',
    reason: "CDK BucketDeployment that uploads Amplify's codegen assets (the schema) to its own buckets.",
  },
  {
    ours: false,
    rule: 'AwsSolutions-S*',
    path: 'data/*Bucket*',
    reason:
      "Amplify Data's codegen / model-introspection buckets: build artifacts (the public schema), no user data.",
  },
  // Branch deployments only (pipeline-deploy): Amplify links the backend to its Hosting branch.
  {
    ours: false,
    rule: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    path: 'AmplifyBranchLinker/*',
    reason:
      "Amplify's branch linker (a deploy-time custom resource of branch deployments): its role is Amplify's.",
  },
  {
    ours: false,
    rule: 'AwsSolutions-IAM5*',
    path: 'AmplifyBranchLinker/*',
    reason:
      "Amplify's branch linker may update its own Hosting branch (amplify:* on apps/<app>/branches/<branch>) and invoke its own handler.",
  },
  {
    ours: false,
    rule: 'AwsSolutions-L1',
    path: 'AmplifyBranchLinker/*',
    reason: "The branch linker's runtime is pinned by @aws-amplify/backend.",
  },
  {
    ours: false,
    rule: 'Serverless-*',
    path: 'AmplifyBranchLinker/*',
    reason:
      "Amplify's branch linker and its provider framework run only during deployment; their settings are Amplify's.",
  },
  {
    ours: false,
    rule: 'AwsSolutions-L1',
    path: 'data/Custom::CDKBucketDeployment*/Resource',
    reason: "CDK BucketDeployment's runtime is pinned by aws-cdk-lib.",
  },
  {
    ours: false,
    rule: 'Serverless-*',
    path: `${AMPLIFY_SQL}/*`,
    reason:
      "Amplify's SQL Lambda, its layer-patching function and their SNS subscription are configured by Amplify.",
  },
  {
    ours: false,
    rule: 'Serverless-*',
    path: 'data/Custom::CDKBucketDeployment*/Resource',
    reason: 'CDK BucketDeployment helper, run only during deployment.',
  },
];

export interface AppliedAcknowledgement {
  ruleId: string;
  path: string;
  reason: string;
  ours: boolean;
}

const toRegExp = (pattern: string) =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);

/** The packs synthesis runs; the dry run and the real check must agree. */
export function nagPacks(scope?: IConstruct): NagPack[] {
  return [new AwsSolutionsChecks(scope, { verbose: true }), new ServerlessChecks(scope, { verbose: true })];
}

/**
 * Finds what the packs would report, acknowledges the findings an entry covers (on the exact
 * construct, with the exact ID) and returns them. Call it once the whole app is built. The
 * backend's list is the default; the platform passes its own (platform/nag.ts).
 */
export function acknowledgeFindings(
  app: IConstruct,
  acknowledgements: readonly Acknowledgement[] = ACKNOWLEDGEMENTS,
): AppliedAcknowledgement[] {
  const root = app.node.children.find((child) => child.node.children.length > 0);
  const prefix = root ? `${root.node.path}/` : '';
  const byPath = new Map(app.node.findAll().map((node) => [node.node.path, node]));
  const applied: AppliedAcknowledgement[] = [];
  for (const pack of nagPacks()) {
    for (const violation of pack.validateScope(app).violations) {
      for (const resource of violation.violatingResources) {
        const path = (resource.constructPath ?? '').replace(prefix, '');
        const entry = acknowledgements.find(
          (candidate) =>
            toRegExp(candidate.rule).test(violation.ruleName) && toRegExp(candidate.path).test(path),
        );
        const construct = byPath.get(resource.constructPath ?? '');
        if (!entry || !construct) continue;
        Validations.of(construct).acknowledge({ id: violation.ruleName, reason: entry.reason });
        applied.push({ ruleId: violation.ruleName, path, reason: entry.reason, ours: entry.ours });
      }
    }
  }
  return applied;
}
