import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/**
 * The deployment config: the existing network and database this backend plugs into, and the app's
 * settings. The SQL schema and the CDK code both read it, so their IDs can never disagree.
 *
 * The committed example holds placeholder IDs. For a real deploy, write your own copy and set
 * SECURE_ORDERS_CONFIG to its path (absolute, or relative to the working directory).
 */
const awsId = (prefix: string) => z.string().regex(new RegExp(`^${prefix}-[0-9a-f]{8,17}$`));

const deploymentConfigSchema = z.object({
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/),
  network: z.object({
    vpcId: awsId('vpc'),
    vpcCidrBlock: z.string().regex(/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/),
    // At least two AZs: one isolated subnet per AZ.
    isolatedSubnets: z
      .array(
        z.object({ subnetId: awsId('subnet'), availabilityZone: z.string(), routeTableId: awsId('rtb') }),
      )
      .min(2),
    lambdaSecurityGroupId: awsId('sg'),
    databaseSecurityGroupId: awsId('sg'),
    s3PrefixListId: awsId('pl'),
  }),
  database: z.object({
    proxyEndpoint: z.string().min(1),
    port: z.number().int().min(1).max(65535),
    name: z.string().regex(/^[a-z_][a-z0-9_]*$/),
    secretArn: z.string().regex(/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+-[A-Za-z0-9]{6}$/),
  }),
  app: z.object({
    url: z.url({ protocol: /^https$/ }),
    origins: z.array(z.url()).min(1),
  }),
  reports: z.object({
    fromAddress: z.email(),
    sesIdentity: z.string().min(1),
    recipients: z.array(z.email()).min(1),
    timezone: z.string().min(1),
    dailyAt: z.object({ hour: z.number().int().min(0).max(23), minute: z.number().int().min(0).max(59) }),
  }),
  alarms: z.object({ email: z.email() }),
});

export type DeploymentConfig = z.infer<typeof deploymentConfigSchema>;

const examplePath = resolve(dirname(fileURLToPath(import.meta.url)), 'deployment.example.json');

export function loadDeploymentConfig(
  path = process.env.SECURE_ORDERS_CONFIG ?? examplePath,
): DeploymentConfig {
  const { $comment: _comment, ...raw } = JSON.parse(readFileSync(resolve(path), 'utf8'));
  return deploymentConfigSchema.parse(raw);
}

export const deploymentConfig = loadDeploymentConfig();
