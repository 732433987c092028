import type { FunctionResources } from '@aws-amplify/plugin-types';
import { Aws, Stack } from 'aws-cdk-lib';
import { CfnVPCEndpoint, type IVpc, Peer, Port, SecurityGroup, Vpc } from 'aws-cdk-lib/aws-ec2';
import { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { Platform } from '../config/index.ts';

export interface NetworkProps {
  platform: Platform;
}

/**
 * The platform's VPC, imported from its outputs (never looked up), and this environment's own Lambda
 * group. The environment creates no endpoint and no group rule of anyone else's: it adds rules that
 * name its own group, on its own group and on the platform's shared groups, and they go with it.
 *
 *   environment Lambda group --5432--> proxy group        (+ proxy group ingress from it)
 *   environment Lambda group --443---> endpoint group     (+ endpoint group ingress from it)
 *   environment Lambda group --443---> S3 prefix list     (gateway endpoint)
 */
export class Network extends Construct {
  readonly vpc: IVpc;
  readonly lambdaSecurityGroup: SecurityGroup;
  readonly isolatedSubnetIds: string[];

  constructor(scope: Construct, id: string, { platform }: NetworkProps) {
    super(scope, id);
    const { network, database } = platform;
    this.isolatedSubnetIds = network.isolatedSubnets.map((subnet) => subnet.subnetId);
    this.vpc = Vpc.fromVpcAttributes(this, 'Vpc', {
      vpcId: network.vpcId,
      vpcCidrBlock: network.vpcCidrBlock,
      availabilityZones: network.isolatedSubnets.map((subnet) => subnet.availabilityZone),
      isolatedSubnetIds: this.isolatedSubnetIds,
      isolatedSubnetRouteTableIds: network.isolatedSubnets.map((subnet) => subnet.routeTableId),
    });

    this.lambdaSecurityGroup = new SecurityGroup(this, 'LambdaGroup', {
      vpc: this.vpc,
      description: 'Secure Orders environment functions: proxy, VPC endpoints and S3 only',
      allowAllOutbound: false,
    });
    const shared = (name: string, groupId: string) =>
      SecurityGroup.fromSecurityGroupId(this, name, groupId, { allowAllOutbound: false, mutable: true });
    this.lambdaSecurityGroup.connections.allowTo(
      shared('ProxyGroup', network.proxySecurityGroupId),
      Port.tcp(database.port),
      'Environment functions to RDS Proxy',
    );
    this.lambdaSecurityGroup.connections.allowTo(
      shared('EndpointGroup', network.endpointSecurityGroupId),
      Port.tcp(443),
      'Environment functions to VPC endpoints',
    );
    this.lambdaSecurityGroup.addEgressRule(
      Peer.prefixList(network.s3PrefixListId),
      Port.tcp(443),
      'Environment functions to S3 gateway',
    );
  }

  /** Runs `fn` in the isolated subnets with the environment's Lambda group (ENI rights: function-logs.ts). */
  attach(fn: FunctionResources): void {
    fn.cfnResources.cfnFunction.vpcConfig = {
      subnetIds: this.isolatedSubnetIds,
      securityGroupIds: [this.lambdaSecurityGroup.securityGroupId],
    };
  }
}

/**
 * Amplify's SQL Lambda creates an SSM interface endpoint of its own in every environment (even with
 * `minimizeRdsVpcEndpoints`) and points the Lambda at it through SSM_ENDPOINT. A second environment
 * in the VPC would then collide with the first, so the endpoint is removed and the Lambda is given
 * the regional SSM host, which the platform's SSM endpoint (private DNS) answers inside the VPC; the
 * same value Amplify itself uses for a SQL Lambda outside a VPC.
 *
 * Returns the Parameter Store names the SQL Lambda reads its connection string from (the
 * environment's own first).
 */
export function pointSqlLambdaAtPlatformSsmEndpoint(dataScope: Construct): string[] {
  for (const endpoint of dataScope.node.findAll().filter((node) => node instanceof CfnVPCEndpoint)) {
    endpoint.node.scope?.node.tryRemoveChild(endpoint.node.id);
  }
  const fn = amplifySqlFunction(dataScope);
  fn.addPropertyOverride('Environment.Variables.SSM_ENDPOINT', `ssm.${Aws.REGION}.${Aws.URL_SUFFIX}`);
  return JSON.parse(String(environmentVariables(fn).connectionString)) as string[];
}

/** Amplify's SQL Lambda (the one function of the data stack that reads SSM_ENDPOINT). */
export function amplifySqlFunction(dataScope: Construct): CfnFunction {
  const sqlFunctions = dataScope.node
    .findAll()
    .filter((node): node is CfnFunction => node instanceof CfnFunction)
    .filter((fn) => 'SSM_ENDPOINT' in environmentVariables(fn));
  if (sqlFunctions.length !== 1)
    throw new Error(`expected one Amplify SQL Lambda, found ${sqlFunctions.length}`);
  return sqlFunctions[0] as CfnFunction;
}

function environmentVariables(fn: CfnFunction): Record<string, unknown> {
  const environment = Stack.of(fn).resolve(fn.environment) as
    | { variables?: Record<string, unknown> }
    | undefined;
  return environment?.variables ?? {};
}
