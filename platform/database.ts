import { ArnFormat, Duration, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { ISecurityGroup, IVpc } from 'aws-cdk-lib/aws-ec2';
import { SubnetType } from 'aws-cdk-lib/aws-ec2';
import { PolicyStatement, type Role } from 'aws-cdk-lib/aws-iam';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  AuroraPostgresEngineVersion,
  CaCertificate,
  type CfnDBCluster,
  ClusterInstance,
  DatabaseCluster,
  DatabaseClusterEngine,
  DatabaseProxy,
  DefaultAuthScheme,
  ProxyTarget,
} from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';

export interface PlatformDatabaseProps {
  vpc: IVpc;
  databaseSecurityGroup: ISecurityGroup;
  proxySecurityGroup: ISecurityGroup;
}

/** The smallest Aurora Serverless v2 capacity that stays on: see "Why not 0 ACU" below. */
/** Every environment role's name matches it (db/environment-names.ts: so_<slug>_<hash>_<role>). */
const ENVIRONMENT_ROLE_PATTERN = 'so_*';

export const MIN_CAPACITY_ACU = 0.5;
export const MAX_CAPACITY_ACU = 4;

/**
 * Aurora PostgreSQL Serverless v2, one writer, holding every environment's database, and an RDS Proxy
 * in front of it that requires TLS and end-to-end IAM authentication.
 *
 * Why Aurora Serverless v2: capacity follows the load of many small environments without resizing,
 * storage grows on its own, and the master password is an RDS-managed secret that RDS rotates itself.
 * Why not 0 ACU (auto-pause): an instance pauses only when no connections are open, and an RDS Proxy
 * keeps its own connections to its target; AWS lists RDS Proxy among what prevents auto-pause. We
 * keep the proxy (Lambdas scale out faster than PostgreSQL takes connections, and it is what makes
 * IAM auth per role possible), so the minimum is 0.5 ACU.
 *
 * Why end-to-end IAM (`DefaultAuthScheme.IAM_AUTH`): the proxy then signs in to PostgreSQL as the
 * caller's own role with an IAM token, so no environment registers a password secret on the shared
 * proxy, and IAM (`rds-db:connect` on `<proxy>/<role>`) decides who may be which role.
 *
 * Data protection: 14 days of backups, deletion protection, a final snapshot if the stack is ever
 * deleted anyway, storage encrypted, PostgreSQL logs kept for 3 months.
 */
export class PlatformDatabase extends Construct {
  readonly cluster: DatabaseCluster;
  readonly proxy: DatabaseProxy;
  /** The RDS-managed master secret: only the provisioner may read it. */
  readonly masterSecretArn: string;
  /** The proxy's resource ID (`prx-...`): the middle of every `rds-db:connect` ARN. */
  readonly proxyResourceId: string;

  constructor(scope: Construct, id: string, props: PlatformDatabaseProps) {
    super(scope, id);
    const subnets = { subnetType: SubnetType.PRIVATE_ISOLATED };
    this.cluster = new DatabaseCluster(this, 'Cluster', {
      engine: DatabaseClusterEngine.auroraPostgres({ version: AuroraPostgresEngineVersion.VER_17_9 }),
      writer: ClusterInstance.serverlessV2('Writer', {
        caCertificate: CaCertificate.RDS_CA_RSA2048_G1,
        autoMinorVersionUpgrade: true,
      }),
      serverlessV2MinCapacity: MIN_CAPACITY_ACU,
      serverlessV2MaxCapacity: MAX_CAPACITY_ACU,
      vpc: props.vpc,
      vpcSubnets: subnets,
      securityGroups: [props.databaseSecurityGroup],
      defaultDatabaseName: 'postgres',
      manageMasterUserPassword: true,
      iamAuthentication: true,
      storageEncrypted: true,
      backup: { retention: Duration.days(14) },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.SNAPSHOT,
      cloudwatchLogsExports: ['postgresql'],
      cloudwatchLogsRetention: RetentionDays.THREE_MONTHS,
      // Every connection encrypted, not only the proxy's.
      parameters: { 'rds.force_ssl': '1' },
    });
    const cfnCluster = this.cluster.node.defaultChild as CfnDBCluster;
    this.masterSecretArn = cfnCluster.attrMasterUserSecretSecretArn;

    this.proxy = new DatabaseProxy(this, 'Proxy', {
      proxyTarget: ProxyTarget.fromCluster(this.cluster),
      vpc: props.vpc,
      vpcSubnets: subnets,
      securityGroups: [props.proxySecurityGroup],
      requireTLS: true,
      iamAuth: true,
      defaultAuthScheme: DefaultAuthScheme.IAM_AUTH,
      debugLogging: false,
      dbProxyName: `${Stack.of(this).stackName}-proxy`.toLowerCase(),
    });
    // End-to-end IAM: the proxy signs in to PostgreSQL as each caller's role with a token of its own,
    // for the environments' roles only (all named so_..., see db/environment-names.ts), never the master.
    (this.proxy.node.findChild('IAMRole') as Role).addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['rds-db:connect'],
        resources: [
          Stack.of(this).formatArn({
            service: 'rds-db',
            resource: 'dbuser',
            resourceName: `${this.cluster.clusterResourceIdentifier}/${ENVIRONMENT_ROLE_PATTERN}`,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ],
      }),
    );
    this.proxyResourceId = Fn.select(6, Fn.split(':', this.proxy.dbProxyArn));
  }
}
