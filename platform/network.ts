import { Stack } from 'aws-cdk-lib';
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
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';

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

    // Amplify's SQL Lambda reads its connection string from SSM: the one endpoint Amplify would
    // otherwise create in every environment (minimizeRdsVpcEndpoints), created once here.
    const interfaceServices = {
      SecretsManager: InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
      EventBridge: InterfaceVpcEndpointAwsService.EVENTBRIDGE,
      // The SES API (SendEmail), not SMTP.
      Ses: InterfaceVpcEndpointAwsService.EMAIL,
      Ssm: InterfaceVpcEndpointAwsService.SSM,
    };
    for (const [name, service] of Object.entries(interfaceServices)) {
      this.vpc.addInterfaceEndpoint(`${name}Endpoint`, {
        service,
        subnets: { subnetType: SubnetType.PRIVATE_ISOLATED },
        securityGroups: [this.endpointSecurityGroup],
        // Not `open`: that would admit 443 from the whole VPC CIDR.
        open: false,
        privateDnsEnabled: true,
      });
    }
    this.vpc.addGatewayEndpoint('S3Endpoint', {
      service: GatewayVpcEndpointAwsService.S3,
      subnets: [{ subnetType: SubnetType.PRIVATE_ISOLATED }],
    });

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
