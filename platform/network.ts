import { Aws, Stack } from 'aws-cdk-lib';
import {
  FlowLogTrafficType,
  GatewayVpcEndpointAwsService,
  InterfaceVpcEndpointAwsService,
  IpAddresses,
  Port,
  SecurityGroup,
  SubnetType,
  Vpc,
} from 'aws-cdk-lib/aws-ec2';
import { AnyPrincipal, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { REPORT_PREFIX } from '../amplify/constructs/report-requests.ts';

/**
 * What each interface endpoint lets through: the calls the functions in the VPC make, and no other.
 * SecretsManager: the provisioner reads the master secret; EventBridge: the orders API and the relay
 * put events; SES: the report mails; SSM: Amplify's SQL Lambda and the provisioner read
 * SQL_CONNECTION_STRING.
 */
export const ENDPOINT_ACTIONS = {
  SecretsManager: {
    service: InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
    actions: ['secretsmanager:GetSecretValue'],
  },
  EventBridge: { service: InterfaceVpcEndpointAwsService.EVENTBRIDGE, actions: ['events:PutEvents'] },
  // The SES API (SendEmail), not SMTP.
  Ses: { service: InterfaceVpcEndpointAwsService.EMAIL, actions: ['ses:SendEmail', 'ses:SendRawEmail'] },
  // Amplify's SQL Lambda reads its connection string from SSM: the one endpoint Amplify would
  // otherwise create in every environment (minimizeRdsVpcEndpoints), created once here.
  Ssm: { service: InterfaceVpcEndpointAwsService.SSM, actions: ['ssm:GetParameter', 'ssm:GetParameters'] },
};

/** The report function's object calls (multipart upload is s3:PutObject) and the orders API's reads. */
export const REPORT_OBJECT_ACTIONS = ['s3:PutObject', 's3:GetObject', 's3:AbortMultipartUpload'];

/**
 * The platform's network: a VPC with isolated subnets in two AZs and no NAT, the VPC endpoints every
 * environment shares (each created once, here), and the groups environments attach to.
 *
 *   endpoint group:  interface endpoints; admits 443 only from groups that add a rule naming themselves
 *   proxy group:     the RDS Proxy; admits 5432 likewise, and may reach the database group only
 *   database group:  the Aurora cluster; admits 5432 from the proxy, the provisioner and the SQL group
 *   SQL group:       every environment's Amplify SQL Lambda (Amplify needs its ID before the
 *                    environment exists); may reach the database and the endpoints, nothing else
 */
export class PlatformNetwork extends Construct {
  readonly vpc: Vpc;
  readonly endpointSecurityGroup: SecurityGroup;
  readonly proxySecurityGroup: SecurityGroup;
  readonly databaseSecurityGroup: SecurityGroup;
  readonly sqlLambdaSecurityGroup: SecurityGroup;
  /** The region's S3 prefix list: the gateway endpoint's destination in egress rules. */
  readonly s3PrefixListId: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.vpc = new Vpc(this, 'Vpc', {
      ipAddresses: IpAddresses.cidr('10.20.0.0/16'),
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'isolated', subnetType: SubnetType.PRIVATE_ISOLATED, cidrMask: 22 }],
      // Rejected traffic is what an incident review needs (and cdk-nag's VPC7 asks for).
      flowLogs: { Rejected: { trafficType: FlowLogTrafficType.REJECT } },
    });

    const group = (name: string, description: string) =>
      new SecurityGroup(this, name, { vpc: this.vpc, description, allowAllOutbound: false });
    this.endpointSecurityGroup = group(
      'EndpointGroup',
      'VPC interface endpoints: 443 from named groups only',
    );
    this.proxySecurityGroup = group('ProxyGroup', 'RDS Proxy: 5432 from environment Lambda groups only');
    this.databaseSecurityGroup = group(
      'DatabaseGroup',
      'Aurora PostgreSQL: 5432 from the proxy, provisioner and SQL Lambdas',
    );
    this.sqlLambdaSecurityGroup = group(
      'SqlLambdaGroup',
      'Amplify SQL Lambdas of all environments: database and endpoints only',
    );

    this.proxySecurityGroup.connections.allowTo(
      this.databaseSecurityGroup,
      Port.tcp(5432),
      'Proxy to database',
    );
    this.allowDatabaseClient(this.sqlLambdaSecurityGroup, 'SQL Lambdas');

    for (const [name, { service, actions }] of Object.entries(ENDPOINT_ACTIONS)) {
      const endpoint = this.vpc.addInterfaceEndpoint(`${name}Endpoint`, {
        service,
        subnets: { subnetType: SubnetType.PRIVATE_ISOLATED },
        securityGroups: [this.endpointSecurityGroup],
        // Not `open`: that would admit 443 from the whole VPC CIDR.
        open: false,
        privateDnsEnabled: true,
      });
      endpoint.addToPolicy(
        new PolicyStatement({
          principals: [new AnyPrincipal()],
          actions,
          resources: ['*'],
          conditions: { StringEquals: { 'aws:PrincipalAccount': Aws.ACCOUNT_ID } },
        }),
      );
    }
    // The isolated subnets reach S3 through this route only: the reports objects of this account's
    // buckets, by this account's roles. Environments' buckets come after the platform, so they are
    // named by account and prefix, not by name.
    const s3 = this.vpc.addGatewayEndpoint('S3Endpoint', {
      service: GatewayVpcEndpointAwsService.S3,
      subnets: [{ subnetType: SubnetType.PRIVATE_ISOLATED }],
    });
    s3.addToPolicy(
      new PolicyStatement({
        principals: [new AnyPrincipal()],
        actions: REPORT_OBJECT_ACTIONS,
        resources: [`arn:${Aws.PARTITION}:s3:::*/${REPORT_PREFIX}*`],
        conditions: {
          StringEquals: { 'aws:PrincipalAccount': Aws.ACCOUNT_ID, 'aws:ResourceAccount': Aws.ACCOUNT_ID },
        },
      }),
    );

    // CloudFormation has no attribute for the S3 prefix list's ID; DescribePrefixLists by its name does.
    const s3PrefixList = new AwsCustomResource(this, 'S3PrefixList', {
      onUpdate: {
        service: 'EC2',
        action: 'describePrefixLists',
        parameters: {
          Filters: [{ Name: 'prefix-list-name', Values: [`com.amazonaws.${Stack.of(this).region}.s3`] }],
        },
        physicalResourceId: PhysicalResourceId.of('s3-prefix-list'),
        outputPaths: ['PrefixLists.0.PrefixListId'],
      },
      policy: AwsCustomResourcePolicy.fromSdkCalls({ resources: AwsCustomResourcePolicy.ANY_RESOURCE }),
      installLatestAwsSdk: false,
    });
    this.s3PrefixListId = s3PrefixList.getResponseField('PrefixLists.0.PrefixListId');
  }

  /** Lets a platform-owned group reach the database and the endpoints (443), nothing else. */
  allowDatabaseClient(client: SecurityGroup, description: string): void {
    client.connections.allowTo(this.databaseSecurityGroup, Port.tcp(5432), `${description} to database`);
    client.connections.allowTo(this.endpointSecurityGroup, Port.tcp(443), `${description} to VPC endpoints`);
  }
}
