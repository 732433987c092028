import type { Acknowledgement } from '../amplify/nag/acknowledgements.ts';

const PREFIX_LIST_LOOKUP = 'Network/S3PrefixList/*';
const PREFIX_LIST_LOOKUP_FUNCTION = 'AWS679f53fac002430cb0da5b7982bd2287/*';
const LOG_RETENTION_FUNCTION = 'LogRetention*/*';

/**
 * Every cdk-nag finding the platform accepts, with the reason (same rules as the backend's list in
 * amplify/nag/acknowledgements.ts: patterns resolved to exact findings, nothing else silenced).
 */
export const PLATFORM_ACKNOWLEDGEMENTS: readonly Acknowledgement[] = [
  // --- The provisioner ---
  {
    ours: true,
    rule: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]',
    path: 'Provisioner/Role/Resource',
    reason:
      'The AWS-maintained policy Lambda needs to manage the ENIs of a VPC function (ec2:*NetworkInterface*, DescribeSubnets); AWS keeps it in step with what the Lambda service checks.',
  },
  {
    ours: true,
    rule: 'AwsSolutions-IAM5[Resource::*]',
    path: 'Provisioner/Role/DefaultPolicy/Resource',
    reason:
      'Only the X-Ray statement (xray:PutTraceSegments, xray:PutTelemetryRecords): X-Ray supports no resource-level permissions for them.',
  },
  {
    ours: true,
    rule: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ssm:<AWS::Region>:<AWS::AccountId>:parameter/amplify/*/SQL_CONNECTION_STRING]',
    path: 'Provisioner/Role/DefaultPolicy/Resource',
    reason:
      "Reads each environment's SQL_CONNECTION_STRING (the readonly role's password, its one home): Amplify names the parameter per app and branch or sandbox, which exist only after the platform.",
  },
  {
    ours: true,
    rule: 'Serverless-LambdaDLQ',
    path: 'Provisioner/Function/Resource',
    reason:
      'Invoked synchronously by the custom-resource provider framework: a failure fails the deploy that asked.',
  },
  {
    ours: true,
    rule: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:rds-db:<AWS::Region>:<AWS::AccountId>:dbuser:<DatabaseCluster*.DBClusterResourceId>/so_*]',
    path: 'Database/Proxy/IAMRole/DefaultPolicy/Resource',
    reason:
      "End-to-end IAM: the proxy connects as each environment's roles, which environments create after the platform; all are named so_* (never the master user), and IAM decides which function may be which role.",
  },
  {
    ours: true,
    rule: 'Serverless-SNSRedrivePolicy',
    path: 'Alarms/Topic/*/Resource',
    reason:
      'An email subscription to the alarm topic; a failed email leaves the alarm state visible in CloudWatch.',
  },
  // --- CDK internals ---
  {
    ours: false,
    rule: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    path: 'Provisioner/Provider/framework-onEvent/*',
    reason:
      "CDK's custom-resource provider framework (answers CloudFormation for the provisioner): its role is CDK's.",
  },
  {
    ours: false,
    rule: 'AwsSolutions-IAM5[Resource::<ProvisionerFunction*.Arn>:*]',
    path: 'Provisioner/Provider/framework-onEvent/*',
    reason: 'The provider framework may invoke the provisioner function, any of its versions (CDK grant).',
  },
  {
    ours: false,
    rule: 'Serverless-*',
    path: 'Provisioner/Provider/framework-onEvent/*',
    reason: "CDK's provider framework function, run only during deployments; its settings are CDK's.",
  },
  {
    ours: false,
    rule: 'AwsSolutions-IAM5[Resource::*]',
    path: PREFIX_LIST_LOOKUP,
    reason: 'ec2:DescribePrefixLists has no resource-level permissions (the S3 prefix list lookup).',
  },
  {
    ours: false,
    rule: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    path: PREFIX_LIST_LOOKUP_FUNCTION,
    reason: "CDK's own deploy-time helpers (AwsCustomResource, log retention): their role is CDK's.",
  },
  {
    ours: false,
    rule: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    path: LOG_RETENTION_FUNCTION,
    reason: "CDK's own deploy-time helpers (AwsCustomResource, log retention): their role is CDK's.",
  },
  {
    ours: false,
    rule: 'AwsSolutions-IAM5[Resource::*]',
    path: LOG_RETENTION_FUNCTION,
    reason: "CDK's log-retention helper sets retention on the RDS log group, whose name it learns at deploy.",
  },
  {
    ours: false,
    rule: 'Serverless-*',
    path: PREFIX_LIST_LOOKUP_FUNCTION,
    reason: "CDK's AwsCustomResource function, run only during deployment; its settings are CDK's.",
  },
];
