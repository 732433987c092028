import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { loadPlatform } from './platform.ts';

export { loadPlatform, type Platform } from './platform.ts';

/**
 * The deployment config: the app's own settings (URL, report mail, alarms, which branches are
 * production). The network and database are the platform's (platform.ts), never copied here.
 *
 * The committed example holds placeholder values. For a real deploy, write your own copy and set
 * SECURE_ORDERS_CONFIG to its path (absolute, or relative to the working directory).
 */
const deploymentConfigSchema = z.object({
  // Branches whose data is kept and protected (RETAIN, deletion protection, versioned buckets, the
  // database kept on delete). Sandboxes and every other branch are disposable: see environment.ts.
  productionBranches: z.array(z.string().min(1)).default(['main']),
  // Whether the migrate function seeds the demo catalogue after migrating (idempotent): off for a
  // real shop's catalogue.
  seedCatalogue: z.boolean().default(true),
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

/** The platform this environment runs on: the SQL schema and the CDK code both read it. */
export const platform = loadPlatform();
