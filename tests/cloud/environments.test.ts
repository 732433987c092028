import { beforeAll, describe, expect, it } from 'vitest';
import { platform } from '../../amplify/config/index.ts';
import { PLATFORM_OUTPUT_KEYS } from '../../amplify/config/platform.ts';
import { amplifyEnvironmentName, environmentDatabaseNames } from '../../db/environment-names.ts';
import {
  type EnvironmentIdentity,
  type SynthesizedEnvironment,
  synthesizeEnvironments,
  synthesizePlatform,
} from './support/environments.ts';
import { type CfnTemplate, resourcesOfType } from './support/synthesized-backend.ts';

// One platform, three environments side by side: two developers' sandboxes and the production branch
// (`main`, productionBranches in the example config), all synthesized from the same code and config.
const ALICE: EnvironmentIdentity = { namespace: 'secureorders', name: 'alice', type: 'sandbox' };
const BOB: EnvironmentIdentity = { namespace: 'secureorders', name: 'bob', type: 'sandbox' };
const MAIN: EnvironmentIdentity = { namespace: 'd1a2b3c4example', name: 'main', type: 'branch' };

let environments: SynthesizedEnvironment[];
let platformStack: ReturnType<typeof synthesizePlatform>;
beforeAll(async () => {
  environments = await synthesizeEnvironments([ALICE, BOB, MAIN]);
  platformStack = synthesizePlatform();
});

const json = (value: unknown) => String(JSON.stringify(value));
const environment = (identity: EnvironmentIdentity) => {
  const found = environments.find((candidate) => candidate.identity === identity);
  if (!found) throw new Error(`${identity.name} was not synthesized`);
  return found;
};
const of = (identity: EnvironmentIdentity, type: string) =>
  resourcesOfType(environment(identity).templates, type);

/** Properties that name a resource account- and region-wide (a second one of the name fails). */
const PHYSICAL_NAMES: Record<string, string> = {
  'AWS::S3::Bucket': 'BucketName',
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::IAM::Role': 'RoleName',
  'AWS::IAM::ManagedPolicy': 'ManagedPolicyName',
  'AWS::SQS::Queue': 'QueueName',
  'AWS::SNS::Topic': 'TopicName',
  'AWS::Events::EventBus': 'Name',
  'AWS::Events::Rule': 'Name',
  'AWS::Scheduler::Schedule': 'Name',
  'AWS::SSM::Parameter': 'Name',
  'AWS::WAFv2::WebACL': 'Name',
  'AWS::CloudWatch::Alarm': 'AlarmName',
  'AWS::EC2::SecurityGroup': 'GroupName',
  'AWS::Cognito::UserPool': 'UserPoolName',
  'AWS::Cognito::IdentityPool': 'IdentityPoolName',
  'AWS::KMS::Alias': 'AliasName',
  'AWS::RDS::DBProxy': 'DBProxyName',
  'AWS::RDS::DBCluster': 'DBClusterIdentifier',
};

/** Every explicit physical name in the templates, with `AWS::StackName` made the stack's own. */
function physicalNames(owner: string, templates: Record<string, CfnTemplate>) {
  return Object.entries(PHYSICAL_NAMES).flatMap(([type, property]) =>
    resourcesOfType(templates, type)
      .filter((resource) => resource.properties[property] !== undefined)
      .map((resource) => ({
        owner,
        at: `${resource.file}/${resource.logicalId}`,
        name: json(resource.properties[property]).replaceAll('{"Ref":"AWS::StackName"}', resource.file),
      })),
  );
}

describe('three environments on one platform', () => {
  it('given two sandboxes and a branch, then no physical name is used twice', () => {
    const names = [
      ...environments.flatMap((env) => physicalNames(env.identity.name, env.templates)),
      ...physicalNames('platform', { platform: platformStack.template }),
    ];
    const seen = new Map<string, string>();
    const collisions = names.flatMap(({ owner, at, name }) => {
      const first = seen.get(name);
      seen.set(name, `${owner}:${at}`);
      return first ? [`${name}: ${first} and ${owner}:${at}`] : [];
    });
    expect(names.length).toBeGreaterThan(0);
    expect(collisions).toEqual([]);
  });

  it.each([ALICE, BOB, MAIN])(
    'given $name, then it creates no VPC endpoint and exactly one security group',
    (identity) => {
      expect(of(identity, 'AWS::EC2::VPCEndpoint')).toEqual([]);
      expect(of(identity, 'AWS::EC2::SecurityGroup')).toHaveLength(1);
    },
  );

  it.each([ALICE, BOB, MAIN])(
    "given $name, then Amplify's SQL Lambda runs in the platform's SQL group and reaches SSM by its regional name",
    (identity) => {
      const sql = of(identity, 'AWS::Lambda::Function').filter((fn) =>
        fn.logicalId.startsWith('SQLFunction'),
      );
      expect(sql).toHaveLength(1);
      expect(json(sql[0]?.properties.VpcConfig)).toContain(
        `["${platform.network.sqlLambdaSecurityGroupId}"]`,
      );
      expect(json(sql[0]?.properties.Environment)).toContain(
        '"SSM_ENDPOINT":{"Fn::Join":["",["ssm.",{"Ref":"AWS::Region"}',
      );
    },
  );

  it.each([ALICE, BOB, MAIN])(
    'given $name, then every security-group rule it writes names its own group, and shared groups only as the other end',
    (identity) => {
      const [own] = of(identity, 'AWS::EC2::SecurityGroup');
      const ownBase = own?.logicalId.replace(/[0-9A-F]{8}$/, '') ?? '<none>';
      const isOwn = (value: unknown) =>
        json(value).includes(`"${own?.logicalId}"`) ||
        new RegExp(`${ownBase}[0-9A-F]{8}GroupId"`).test(json(value));
      const shared = [platform.network.proxySecurityGroupId, platform.network.endpointSecurityGroupId];
      const rules = [
        ...of(identity, 'AWS::EC2::SecurityGroupIngress'),
        ...of(identity, 'AWS::EC2::SecurityGroupEgress'),
      ];
      const foreign = rules.filter(({ properties: rule }) => {
        if (isOwn(rule.GroupId)) return false; // its own group's rules
        return !(shared.includes(String(rule.GroupId)) && isOwn(rule.SourceSecurityGroupId));
      });
      expect(rules.length).toBeGreaterThanOrEqual(5);
      expect(foreign.map((rule) => json(rule.properties))).toEqual([]);
    },
  );

  it.each([ALICE, BOB, MAIN])(
    'given $name, then its provisioner resource, DB_NAME and IAM connect grants name its own database and roles only',
    (identity) => {
      const name = amplifyEnvironmentName(identity);
      const { database, roles } = environmentDatabaseNames(name);
      const [provisioned] = of(identity, 'Custom::EnvironmentDatabase');
      expect(provisioned?.properties).toMatchObject({
        ServiceToken: platform.provisionerServiceToken,
        Environment: name,
      });

      const databaseFunctions = of(identity, 'AWS::Lambda::Function').filter((fn) =>
        json(fn.properties.Environment).includes('"DB_AUTH":"iam"'),
      );
      // orders-api, report-download, outbox-relay, report, migrate
      expect(databaseFunctions).toHaveLength(5);
      for (const fn of databaseFunctions) {
        expect(json(fn.properties.Environment)).toContain(`"DB_NAME":"${database}"`);
        expect(json(fn.properties.Environment)).toContain(`"DB_HOST":"${platform.database.proxyEndpoint}"`);
      }

      const connectGrants = of(identity, 'AWS::IAM::Policy').flatMap((policy) =>
        (
          policy.properties.PolicyDocument as { Statement: Array<{ Action: unknown; Resource: unknown }> }
        ).Statement.filter((statement) => json(statement.Action).includes('rds-db:connect')).map(
          (statement) => json(statement.Resource),
        ),
      );
      const ownRoles = [roles.app, roles.migrator].map(
        (role) => `dbuser:${platform.database.proxyResourceId}/${role}"`,
      );
      expect(connectGrants).toHaveLength(5);
      expect(connectGrants.filter((grant) => !ownRoles.some((role) => grant.includes(role)))).toEqual([]);
    },
  );

  it('given the three, then their databases are three different ones', () => {
    const databases = environments.map(
      (env) =>
        json(
          resourcesOfType(env.templates, 'AWS::Lambda::Function').map((fn) => fn.properties.Environment),
        ).match(/"DB_NAME":"([a-z0-9_]+)"/)?.[1],
    );
    expect(new Set(databases).size).toBe(3);
  });
});

describe('data protection by environment', () => {
  const reportBuckets = (identity: EnvironmentIdentity) =>
    of(identity, 'AWS::S3::Bucket').filter((bucket) => bucket.logicalId.startsWith('Reports'));
  const resources = (identity: EnvironmentIdentity, type: string) =>
    Object.values(environment(identity).templates).flatMap((template) =>
      Object.entries(template.Resources ?? {})
        .filter(([, resource]) => resource.Type === type)
        .map(([logicalId, resource]) => ({ logicalId, ...(resource as { DeletionPolicy?: string }) })),
    );

  it.each([ALICE, BOB])(
    'given the sandbox $name, then its buckets are emptied and deleted with it',
    (identity) => {
      const buckets = resources(identity, 'AWS::S3::Bucket').filter((bucket) =>
        bucket.logicalId.startsWith('Reports'),
      );
      expect(buckets.map((bucket) => bucket.DeletionPolicy)).toEqual(['Delete', 'Delete']);
      const emptied = of(identity, 'Custom::S3AutoDeleteObjects').map((resource) =>
        json(resource.properties.BucketName),
      );
      for (const bucket of reportBuckets(identity))
        expect(emptied).toContain(json({ Ref: bucket.logicalId }));
    },
  );

  it.each([ALICE, BOB])(
    'given the sandbox $name, then its logs, user pool and database go with it',
    (identity) => {
      expect(
        resources(identity, 'AWS::Logs::LogGroup').filter((group) => group.DeletionPolicy !== 'Delete'),
      ).toEqual([]);
      expect(of(identity, 'AWS::Cognito::UserPool')[0]?.properties.DeletionProtection).toBe('INACTIVE');
      expect(of(identity, 'Custom::EnvironmentDatabase')[0]?.properties.Removal).toBe('destroy');
    },
  );

  it('given the production branch, then its buckets are versioned, kept and never emptied', () => {
    expect(
      resources(MAIN, 'AWS::S3::Bucket')
        .filter((bucket) => bucket.logicalId.startsWith('Reports'))
        .map((bucket) => bucket.DeletionPolicy),
    ).toEqual(['Retain', 'Retain']);
    const bucket = reportBuckets(MAIN).find((candidate) => candidate.logicalId.startsWith('ReportsBucket'));
    expect(bucket?.properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    const emptied = json(of(MAIN, 'Custom::S3AutoDeleteObjects'));
    for (const reports of reportBuckets(MAIN)) expect(emptied).not.toContain(`"${reports.logicalId}"`);
  });

  it('given the production branch, then its user pool is protected and retained, its logs and database kept', () => {
    expect(of(MAIN, 'AWS::Cognito::UserPool')[0]?.properties.DeletionProtection).toBe('ACTIVE');
    expect(resources(MAIN, 'AWS::Cognito::UserPool')[0]?.DeletionPolicy).toBe('Retain');
    expect(
      resources(MAIN, 'AWS::Logs::LogGroup').filter((group) => group.DeletionPolicy !== 'Retain'),
    ).toEqual([]);
    expect(of(MAIN, 'Custom::EnvironmentDatabase')[0]?.properties.Removal).toBe('retain');
  });
});

describe('the platform', () => {
  const platformResources = (type: string) => resourcesOfType({ platform: platformStack.template }, type);

  it('declares exactly the outputs environments read (amplify/config/platform.ts)', () => {
    expect(Object.keys(platformStack.template.Outputs ?? {}).sort()).toEqual(
      [...PLATFORM_OUTPUT_KEYS].sort(),
    );
  });

  it('creates each interface endpoint once, and the S3 gateway', () => {
    const services = platformResources('AWS::EC2::VPCEndpoint').map(
      (endpoint) =>
        json(endpoint.properties.ServiceName).match(/com\.amazonaws\.","[^"]*",?"?\.?([a-z]+)/)?.[1] ??
        json(endpoint.properties.ServiceName),
    );
    expect(services).toHaveLength(5);
    expect(new Set(services).size).toBe(5);
  });

  it('keeps the database: deletion protection, backups, a snapshot on delete, encryption, IAM auth', () => {
    const [cluster] = Object.values(platformStack.template.Resources ?? {}).filter(
      (resource) => resource.Type === 'AWS::RDS::DBCluster',
    ) as Array<{ Properties: Record<string, unknown>; DeletionPolicy?: string }>;
    expect(cluster?.DeletionPolicy).toBe('Snapshot');
    expect(cluster?.Properties).toMatchObject({
      DeletionProtection: true,
      StorageEncrypted: true,
      EnableIAMDatabaseAuthentication: true,
      ManageMasterUserPassword: true,
    });
    expect(Number(cluster?.Properties.BackupRetentionPeriod)).toBeGreaterThanOrEqual(7);
  });

  it('puts an RDS Proxy in front that requires TLS and end-to-end IAM auth, with no secret registered', () => {
    const [proxy] = platformResources('AWS::RDS::DBProxy');
    expect(proxy?.properties).toMatchObject({ RequireTLS: true, DefaultAuthScheme: 'IAM_AUTH' });
    expect(proxy?.properties.Auth).toBeUndefined();
  });

  it('passes cdk-nag with a reason for every acknowledgement', () => {
    const lines = platformStack.acknowledgements.map((ack) => `${ack.ruleId} @ ${ack.path}`);
    console.log(`platform cdk-nag acknowledgements: ${lines.length}\n${lines.join('\n')}`);
    expect(platformStack.acknowledgements.filter((ack) => ack.reason.length < 40)).toEqual([]);
  });
});
