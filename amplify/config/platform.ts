import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/**
 * What the shared platform (platform/, one per account and region) tells each environment: the VPC,
 * the shared security groups, the RDS Proxy and the provisioner. The platform stack writes these
 * values as its CloudFormation outputs (`npm run platform:deploy` saves them to platform/outputs.json)
 * and as one SSM parameter (Hosting builds fetch it); nobody copies an ID by hand.
 *
 * Every value is a string, because CloudFormation outputs are; lists are comma-separated.
 */
export const PLATFORM_STACK_NAME = 'SecureOrdersPlatform';
/** The SSM parameter holding the same values as JSON (under /amplify/: the Hosting build may read it). */
export const PLATFORM_PARAMETER_NAME = '/amplify/secure-orders/platform';

const awsId = (prefix: string) => z.string().regex(new RegExp(`^${prefix}-[0-9a-f]{8,17}$`));
const list = (item: z.ZodString) =>
  z
    .string()
    .transform((value) => value.split(',').filter(Boolean))
    .pipe(z.array(item).min(2));

/** The outputs, by name (the platform stack declares exactly these). */
export const platformOutputsSchema = z.object({
  Region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/),
  VpcId: awsId('vpc'),
  VpcCidrBlock: z.string().regex(/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/),
  // One isolated subnet per AZ, at least two, in the same order in all three lists.
  IsolatedSubnetIds: list(awsId('subnet')),
  IsolatedSubnetAvailabilityZones: list(z.string().min(1)),
  IsolatedSubnetRouteTableIds: list(awsId('rtb')),
  S3PrefixListId: awsId('pl'),
  EndpointSecurityGroupId: awsId('sg'),
  ProxySecurityGroupId: awsId('sg'),
  SqlLambdaSecurityGroupId: awsId('sg'),
  ProxyEndpoint: z.string().min(1),
  ProxyResourceId: z.string().regex(/^prx-[0-9a-z]+$/),
  // Where Amplify's SQL Lambdas connect with the readonly role's password: the cluster's reader
  // endpoint (the proxy admits IAM tokens only).
  SqlLambdaDatabaseHost: z.string().min(1),
  DatabasePort: z.coerce.number().int().min(1).max(65535),
  ProvisionerServiceToken: z.string().regex(/^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:.+$/),
});
export type PlatformOutputKey = keyof z.input<typeof platformOutputsSchema>;
export const PLATFORM_OUTPUT_KEYS = Object.keys(platformOutputsSchema.shape) as PlatformOutputKey[];

/** The platform as an environment uses it. */
export const platformSchema = platformOutputsSchema.transform((outputs) => ({
  region: outputs.Region,
  network: {
    vpcId: outputs.VpcId,
    vpcCidrBlock: outputs.VpcCidrBlock,
    isolatedSubnets: outputs.IsolatedSubnetIds.map((subnetId, index) => ({
      subnetId,
      availabilityZone: outputs.IsolatedSubnetAvailabilityZones[index] ?? '',
      routeTableId: outputs.IsolatedSubnetRouteTableIds[index] ?? '',
    })),
    s3PrefixListId: outputs.S3PrefixListId,
    endpointSecurityGroupId: outputs.EndpointSecurityGroupId,
    proxySecurityGroupId: outputs.ProxySecurityGroupId,
    sqlLambdaSecurityGroupId: outputs.SqlLambdaSecurityGroupId,
  },
  database: {
    proxyEndpoint: outputs.ProxyEndpoint,
    proxyResourceId: outputs.ProxyResourceId,
    port: outputs.DatabasePort,
  },
  provisionerServiceToken: outputs.ProvisionerServiceToken,
}));
export type Platform = z.output<typeof platformSchema>;

const here = dirname(fileURLToPath(import.meta.url));
/** Written by `npm run platform:deploy` (CDK's --outputs-file) or by the Hosting build's preBuild. */
export const PLATFORM_OUTPUTS_FILE = resolve(here, '../../platform/outputs.json');
const examplePath = resolve(here, 'platform.example.json');

/**
 * Reads the platform's outputs: SECURE_ORDERS_PLATFORM if set, else platform/outputs.json if a
 * platform was deployed from this checkout, else the committed example (offline synth and tests).
 * The SSM parameter holds the same JSON as CDK's outputs file (`{ "SecureOrdersPlatform": {...} }`);
 * the bare outputs object is accepted too.
 */
export function loadPlatform(
  path = process.env.SECURE_ORDERS_PLATFORM ??
    (existsSync(PLATFORM_OUTPUTS_FILE) ? PLATFORM_OUTPUTS_FILE : examplePath),
): Platform {
  const raw = JSON.parse(readFileSync(resolve(path), 'utf8'));
  return platformSchema.parse(raw[PLATFORM_STACK_NAME] ?? raw);
}
