import type { FunctionResources } from '@aws-amplify/plugin-types';
import {
  CfnVPCEndpoint,
  GatewayVpcEndpoint,
  GatewayVpcEndpointAwsService,
  InterfaceVpcEndpoint,
  InterfaceVpcEndpointAwsService,
  type ISecurityGroup,
  type IVpc,
  Peer,
  Port,
  SecurityGroup,
  SubnetType,
  Vpc,
} from 'aws-cdk-lib/aws-ec2';
import { ManagedPolicy } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { DeploymentConfig } from '../config/index.ts';

export interface NetworkProps {
  network: DeploymentConfig['network'];
  databasePort: number;
}

/**
 * The existing VPC, imported from literal IDs (never looked up), and the rules and endpoints that
 * let functions in its isolated subnets reach the database and the AWS APIs they need, and nothing
 * else. There is no NAT gateway: AWS APIs are reached through VPC endpoints.
 *
 *   Lambda group --5432--> database (RDS Proxy) group
 *   Lambda group --443---> endpoint group (Secrets Manager, EventBridge, SES, SSM)
 *   Lambda group --443---> S3 prefix list (gateway endpoint)
 */
export class Network extends Construct {
  readonly vpc: IVpc;
  readonly lambdaSecurityGroup: ISecurityGroup;
  readonly endpointSecurityGroup: SecurityGroup;
  readonly isolatedSubnetIds: string[];

  constructor(scope: Construct, id: string, { network, databasePort }: NetworkProps) {
    super(scope, id);
    this.isolatedSubnetIds = network.isolatedSubnets.map((subnet) => subnet.subnetId);
    this.vpc = Vpc.fromVpcAttributes(this, 'Vpc', {
      vpcId: network.vpcId,
      vpcCidrBlock: network.vpcCidrBlock,
      availabilityZones: network.isolatedSubnets.map((subnet) => subnet.availabilityZone),
      isolatedSubnetIds: this.isolatedSubnetIds,
      isolatedSubnetRouteTableIds: network.isolatedSubnets.map((subnet) => subnet.routeTableId),
    });

    // Imported without "allow all outbound": CDK then writes each egress rule below explicitly.
    // The group itself must be created without AWS's default egress rule (see amplify/README.md).
    this.lambdaSecurityGroup = SecurityGroup.fromSecurityGroupId(
      this,
      'LambdaGroup',
      network.lambdaSecurityGroupId,
      {
        allowAllOutbound: false,
      },
    );
    const databaseSecurityGroup = SecurityGroup.fromSecurityGroupId(
      this,
      'DatabaseGroup',
      network.databaseSecurityGroupId,
      { allowAllOutbound: false },
    );
    this.endpointSecurityGroup = new SecurityGroup(this, 'EndpointGroup', {
      vpc: this.vpc,
      description: 'VPC interface endpoints: HTTPS from the Lambda group only',
      allowAllOutbound: false,
    });

    this.lambdaSecurityGroup.connections.allowTo(
      databaseSecurityGroup,
      Port.tcp(databasePort),
      'Lambda to RDS Proxy',
    );
    this.lambdaSecurityGroup.connections.allowTo(
      this.endpointSecurityGroup,
      Port.tcp(443),
      'Lambda to VPC endpoints',
    );
    this.lambdaSecurityGroup.addEgressRule(
      Peer.prefixList(network.s3PrefixListId),
      Port.tcp(443),
      'Lambda to S3 gateway',
    );

    const interfaceServices = {
      SecretsManager: InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
      EventBridge: InterfaceVpcEndpointAwsService.EVENTBRIDGE,
      // The SES API (SendEmail), not SMTP.
      Ses: InterfaceVpcEndpointAwsService.EMAIL,
    };
    for (const [name, service] of Object.entries(interfaceServices)) {
      new InterfaceVpcEndpoint(this, `${name}Endpoint`, {
        vpc: this.vpc,
        service,
        subnets: { subnetType: SubnetType.PRIVATE_ISOLATED },
        securityGroups: [this.endpointSecurityGroup],
        // Not `open`: that would admit 443 from the whole VPC CIDR.
        open: false,
        privateDnsEnabled: true,
      });
    }
    new GatewayVpcEndpoint(this, 'S3Endpoint', {
      vpc: this.vpc,
      service: GatewayVpcEndpointAwsService.S3,
      subnets: [{ subnetType: SubnetType.PRIVATE_ISOLATED }],
    });
  }

  /** Runs `fn` in the isolated subnets with the Lambda group. */
  attach(fn: FunctionResources): void {
    fn.cfnResources.cfnFunction.vpcConfig = {
      subnetIds: this.isolatedSubnetIds,
      securityGroupIds: [this.lambdaSecurityGroup.securityGroupId],
    };
    fn.lambda.role?.addManagedPolicy(
      ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaVPCAccessExecutionRole'),
    );
  }

  /**
   * Amplify's SQL Lambda gets its own SSM endpoint (the connection string lives in Parameter Store),
   * created with the Lambda group. Give it the endpoint group instead, so the Lambda group admits no
   * traffic at all and every endpoint shares one rule.
   */
  adoptSqlEndpoints(dataScope: Construct): void {
    const endpoints = dataScope.node
      .findAll()
      .filter((node): node is CfnVPCEndpoint => node instanceof CfnVPCEndpoint);
    for (const endpoint of endpoints) {
      endpoint.securityGroupIds = [this.endpointSecurityGroup.securityGroupId];
    }
  }
}
