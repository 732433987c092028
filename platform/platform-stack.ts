import { CfnOutput, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import { SecurityGroup } from 'aws-cdk-lib/aws-ec2';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import { deploymentConfig } from '../amplify/config/index.ts';
import { PLATFORM_PARAMETER_NAME, type PlatformOutputKey } from '../amplify/config/platform.ts';
import { PlatformAlarms } from './alarms.ts';
import { PlatformDatabase } from './database.ts';
import { PlatformNetwork } from './network.ts';
import { Provisioner } from './provisioner.ts';

/**
 * The shared platform, one per account and region: network, endpoints, database, proxy and the
 * provisioner. Every environment (sandbox, Hosting branch) plugs into it through its outputs.
 */
export class PlatformStack extends Stack {
  readonly network: PlatformNetwork;
  readonly database: PlatformDatabase;
  readonly provisioner: Provisioner;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.network = new PlatformNetwork(this, 'Network');
    this.database = new PlatformDatabase(this, 'Database', {
      vpc: this.network.vpc,
      databaseSecurityGroup: this.network.databaseSecurityGroup,
      proxySecurityGroup: this.network.proxySecurityGroup,
    });
    new PlatformAlarms(this, 'Alarms', { database: this.database, email: deploymentConfig.alarms.email });
    const provisionerGroup = new SecurityGroup(this, 'ProvisionerGroup', {
      vpc: this.network.vpc,
      description: 'Environment provisioner: database and endpoints only',
      allowAllOutbound: false,
    });
    this.network.allowDatabaseClient(provisionerGroup, 'Provisioner');
    this.provisioner = new Provisioner(this, 'Provisioner', {
      vpc: this.network.vpc,
      securityGroup: provisionerGroup,
      masterSecretArn: this.database.masterSecretArn,
      writerEndpoint: this.database.cluster.clusterEndpoint.hostname,
      port: this.database.cluster.clusterEndpoint.port.toString(),
    });
    this.writeEnvironmentOutputs();
  }

  /** The values every environment reads (amplify/config/platform.ts), as outputs and one parameter. */
  private writeEnvironmentOutputs(): void {
    const { vpc } = this.network;
    const isolated = vpc.isolatedSubnets;
    const outputs: Record<PlatformOutputKey, string> = {
      Region: this.region,
      VpcId: vpc.vpcId,
      VpcCidrBlock: vpc.vpcCidrBlock,
      IsolatedSubnetIds: Fn.join(
        ',',
        isolated.map((subnet) => subnet.subnetId),
      ),
      IsolatedSubnetAvailabilityZones: Fn.join(
        ',',
        isolated.map((subnet) => subnet.availabilityZone),
      ),
      IsolatedSubnetRouteTableIds: Fn.join(
        ',',
        isolated.map((subnet) => subnet.routeTable.routeTableId),
      ),
      S3PrefixListId: this.network.s3PrefixListId,
      EndpointSecurityGroupId: this.network.endpointSecurityGroup.securityGroupId,
      ProxySecurityGroupId: this.network.proxySecurityGroup.securityGroupId,
      SqlLambdaSecurityGroupId: this.network.sqlLambdaSecurityGroup.securityGroupId,
      ProxyEndpoint: this.database.proxy.endpoint,
      ProxyResourceId: this.database.proxyResourceId,
      SqlLambdaDatabaseHost: this.database.cluster.clusterReadEndpoint.hostname,
      DatabasePort: this.database.cluster.clusterEndpoint.port.toString(),
      ProvisionerServiceToken: this.provisioner.serviceToken,
    };
    for (const [key, value] of Object.entries(outputs)) new CfnOutput(this, key, { value });
    new StringParameter(this, 'EnvironmentOutputs', {
      parameterName: PLATFORM_PARAMETER_NAME,
      description: 'Secure Orders platform outputs, read by Hosting builds (amplify.yml preBuild)',
      // The same shape as CDK's --outputs-file, so platform/outputs.json is alike whichever way it came.
      stringValue: this.toJsonString({ [this.stackName]: outputs }),
    });
  }
}
