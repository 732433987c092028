import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { App } from 'aws-cdk-lib';
import type { AppliedAcknowledgement } from '../../../amplify/nag/acknowledgements.ts';
import { buildPlatform } from '../../../platform/app.ts';
import type { CfnTemplate } from './synthesized-backend.ts';

/** One environment as `ampx` names it: the three context values it passes to the synthesis. */
export interface EnvironmentIdentity {
  namespace: string;
  name: string;
  type: 'sandbox' | 'branch';
}

export interface SynthesizedEnvironment {
  identity: EnvironmentIdentity;
  /** Template file name -> template, root and nested stacks. */
  templates: Record<string, CfnTemplate>;
}

const readTemplates = (outdir: string): Record<string, CfnTemplate> =>
  Object.fromEntries(
    readdirSync(outdir)
      .filter((file) => file.endsWith('.template.json'))
      .map((file) => [file, JSON.parse(readFileSync(join(outdir, file), 'utf8'))]),
  );

/**
 * Synthesizes amplify/backend.ts for each environment, each in a process of its own (the backend
 * reads its identity from CDK_CONTEXT_JSON when its modules load, once per process), in parallel,
 * offline, without bundling, cdk-nag included (`npm run synth:templates`).
 */
export async function synthesizeEnvironments(
  identities: readonly EnvironmentIdentity[],
): Promise<SynthesizedEnvironment[]> {
  return Promise.all(
    identities.map(async (identity) => {
      const outdir = mkdtempSync(join(tmpdir(), `secure-orders-${identity.name}-`));
      await promisify(execFile)('npx', ['tsx', 'scripts/synth.ts', '--no-bundle'], {
        env: {
          ...process.env,
          CDK_OUTDIR: outdir,
          CDK_CONTEXT_JSON: JSON.stringify({
            'amplify-backend-namespace': identity.namespace,
            'amplify-backend-name': identity.name,
            'amplify-backend-type': identity.type,
            'aws:cdk:bundling-stacks': [],
          }),
        },
      });
      return { identity, templates: readTemplates(outdir) };
    }),
  );
}

/** Synthesizes the platform in-process (cdk-nag: throws on an unacknowledged finding), no bundling. */
export function synthesizePlatform(): {
  template: CfnTemplate & { Outputs?: Record<string, unknown> };
  acknowledgements: AppliedAcknowledgement[];
} {
  const outdir = mkdtempSync(join(tmpdir(), 'secure-orders-platform-'));
  const { app, stack, acknowledgements } = buildPlatform(
    new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } }),
  );
  app.synth();
  return { template: readTemplates(outdir)[`${stack.stackName}.template.json`] ?? {}, acknowledgements };
}
