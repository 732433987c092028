import { Aws, Stack } from 'aws-cdk-lib';
import {
  AccountRootPrincipal,
  type IPrincipal,
  PolicyDocument,
  PolicyStatement,
  ServicePrincipal,
} from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { CfnLogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct, type IConstruct } from 'constructs';

/**
 * What the account (and so every IAM policy in it) may do with a key: administer it, which
 * CloudFormation needs to update it, never use it. `kms:CreateGrant` is left out: a grant is use.
 */
const ADMINISTRATION = [
  'kms:CreateAlias',
  'kms:DeleteAlias',
  'kms:UpdateAlias',
  'kms:Describe*',
  'kms:Enable*',
  'kms:Disable*',
  'kms:List*',
  'kms:Get*',
  'kms:Put*',
  'kms:Update*',
  'kms:RevokeGrant',
  'kms:RetireGrant',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
  'kms:RotateKeyOnDemand',
];
/** Encrypting and reading data under the key (S3, SQS and SNS need both for a writer). */
export const KEY_WRITE = ['kms:GenerateDataKey*', 'kms:Decrypt'];
export const KEY_READ = ['kms:Decrypt'];

/**
 * A customer-managed key, rotated yearly, whose policy names who may use it: the account may only
 * administer it (CDK's default policy would give the account root `kms:*`, so any IAM policy in the
 * account could use it), and each use is granted here to a role or to a service with a condition.
 */
export class DataKey extends Construct {
  readonly key: Key;

  constructor(scope: Construct, id: string, description: string) {
    super(scope, id);
    this.key = new Key(this, 'Key', {
      description,
      enableKeyRotation: true,
      policy: new PolicyDocument({
        statements: [
          new PolicyStatement({
            sid: 'AccountAdministersOnly',
            principals: [new AccountRootPrincipal()],
            actions: ADMINISTRATION,
            resources: ['*'],
          }),
        ],
      }),
    });
  }

  /** Lets one role use the key (key policy only: the role needs no KMS statement of its own). */
  allowRole(role: IPrincipal, actions: string[]): void {
    this.key.addToResourcePolicy(new PolicyStatement({ principals: [role], actions, resources: ['*'] }));
  }

  /** Lets an AWS service use the key on behalf of one resource of this account (`aws:SourceArn`). */
  allowService(service: string, sourceArn: string, actions: string[]): void {
    this.key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal(service)],
        actions,
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: { 'aws:SourceArn': sourceArn },
        },
      }),
    );
  }
}

/**
 * Encrypts every log group of the app with `key` (its own stack's, so the logs key's stack refers to
 * nothing and every stack may refer to it). CloudWatch Logs may use it for this account's log groups
 * only. Call it once the app is built.
 */
export function encryptEveryLogGroup(app: IConstruct, logsKey: DataKey): void {
  const { region, account } = Stack.of(logsKey);
  logsKey.key.addToResourcePolicy(
    new PolicyStatement({
      principals: [new ServicePrincipal(`logs.${region}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': `arn:${Aws.PARTITION}:logs:${region}:${account}:log-group:*`,
        },
      },
    }),
  );
  for (const group of app.node.findAll()) {
    if (group instanceof CfnLogGroup) group.kmsKeyId = logsKey.key.keyArn;
  }
}
