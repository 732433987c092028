import { resolve } from 'node:path';
import { Aws, Duration, Stack } from 'aws-cdk-lib';
import type { IVpc, SecurityGroup } from 'aws-cdk-lib/aws-ec2';
import { SubnetType } from 'aws-cdk-lib/aws-ec2';
import { ManagedPolicy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Provider } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';

const ENTRY = resolve(import.meta.dirname, '../functions/provision-environment/handler.ts');

/**
 * Where Amplify keeps each environment's `SQL_CONNECTION_STRING` secret in Parameter Store (sandbox
 * `/amplify/<ns>/<name>-sandbox-<hash>/`, branch `/amplify/<app id>/<branch>/`): the provisioner
 * reads the readonly role's password from there, the value's single home.
 */
const SQL_CONNECTION_STRING_PARAMETERS = 'amplify/*/SQL_CONNECTION_STRING';

export interface ProvisionerProps {
  vpc: IVpc;
  securityGroup: SecurityGroup;
  masterSecretArn: string;
  /** The cluster's writer endpoint: the provisioner connects directly, as the master user. */
  writerEndpoint: string;
  port: string;
}

/**
 * The one holder of the master secret: a function in the VPC that environments call as a
 * CloudFormation custom resource to create or drop their database and roles
 * (functions/provision-environment, the `onEvent` handler of a CDK custom-resources Provider, whose
 * framework function is the service token and answers CloudFormation). It never returns a password.
 */
export class Provisioner extends Construct {
  readonly function: NodejsFunction;
  /** What environments' custom resources name: the provider framework, which answers CloudFormation. */
  readonly serviceToken: string;

  constructor(scope: Construct, id: string, props: ProvisionerProps) {
    super(scope, id);
    // A role of its own instead of AWSLambdaBasicExecutionRole, which may write to any log group.
    const logGroup = new LogGroup(this, 'Logs', { retention: RetentionDays.THREE_MONTHS });
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      managedPolicies: [
        ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaVPCAccessExecutionRole'),
      ],
    });
    role.addToPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    this.function = new NodejsFunction(this, 'Function', {
      entry: ENTRY,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      timeout: Duration.minutes(2),
      vpc: props.vpc,
      vpcSubnets: { subnetType: SubnetType.PRIVATE_ISOLATED },
      securityGroups: [props.securityGroup],
      allowPublicSubnet: false,
      tracing: Tracing.ACTIVE,
      loggingFormat: LoggingFormat.JSON,
      logGroup,
      role,
      bundling: { format: OutputFormat.ESM, minify: true, sourceMap: true, target: 'node24' },
      environment: {
        DB_SECRET_ARN: props.masterSecretArn,
        DB_HOST: props.writerEndpoint,
        DB_PORT: props.port,
        DB_NAME: 'postgres',
        POWERTOOLS_SERVICE_NAME: 'provision-environment',
        POWERTOOLS_METRICS_NAMESPACE: 'SecureOrders',
        NODE_OPTIONS: '--enable-source-maps',
        // It connects to the cluster directly, whose certificate chains to the RDS CA: Node 20+ Lambda
        // runtimes load that bundle only when told to.
        NODE_EXTRA_CA_CERTS: '/var/runtime/ca-cert.pem',
      },
      description: "Creates and drops environments' databases and roles (custom resource)",
    });
    this.function.addToRolePolicy(
      new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [props.masterSecretArn] }),
    );
    this.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['ssm:GetParameter'],
        resources: [
          Stack.of(this).formatArn({
            service: 'ssm',
            resource: 'parameter',
            resourceName: SQL_CONNECTION_STRING_PARAMETERS,
            account: Aws.ACCOUNT_ID,
          }),
        ],
      }),
    );
    this.serviceToken = new Provider(this, 'Provider', {
      onEventHandler: this.function,
      logGroup: new LogGroup(this, 'ProviderLogs', { retention: RetentionDays.THREE_MONTHS }),
    }).serviceToken;
  }
}
