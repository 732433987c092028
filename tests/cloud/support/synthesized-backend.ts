import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from 'aws-cdk-lib';
import type { AppliedAcknowledgement } from '../../../amplify/nag/acknowledgements.ts';

export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
}
export interface CfnTemplate {
  Resources?: Record<string, CfnResource>;
}

/** The synthesized backend as plain data: every template, and the assets the checks read. */
export interface SynthesizedBackend {
  /** Template file name -> template (root stack and every nested stack). */
  templates: Record<string, CfnTemplate>;
  /** The fully expanded GraphQL schema AppSync will serve. */
  graphqlSchema: string;
  /** AppSync JS resolver code assets, by file name. */
  resolverCode: Record<string, string>;
  acknowledgements: AppliedAcknowledgement[];
}

/**
 * Builds amplify/backend.ts in-process, offline, and synthesizes it (cdk-nag included: synthesis
 * throws on an unacknowledged finding). Asset bundling is skipped: the checks read templates, not
 * function code, and stay independent of the runtime code's state. Call once per test file.
 */
export async function synthesizeBackend(): Promise<SynthesizedBackend> {
  const outdir = mkdtempSync(join(tmpdir(), 'secure-orders-cdk-'));
  process.env.CDK_OUTDIR = outdir;
  process.env.AMPLIFY_DISABLE_TELEMETRY = '1';
  process.env.CDK_CONTEXT_JSON = JSON.stringify({
    'amplify-backend-namespace': 'secureorders',
    'amplify-backend-name': 'test',
    'amplify-backend-type': 'sandbox',
    'aws:cdk:bundling-stacks': [],
  });
  const { backend, nagAcknowledgements } = await import('../../../amplify/backend.ts');
  (backend.stack.node.root as App).synth();

  const files = readdirSync(outdir);
  const read = (file: string) => readFileSync(join(outdir, file), 'utf8');
  const templates = Object.fromEntries(
    files.filter((file) => file.endsWith('.template.json')).map((file) => [file, JSON.parse(read(file))]),
  );
  const schemaFile = files.find((file) => file.endsWith('.graphql'));
  if (!schemaFile) throw new Error('no GraphQL schema asset in the cloud assembly');
  const resolverCode = Object.fromEntries(
    files
      .filter((file) => file.startsWith('asset.') && file.endsWith('.js'))
      .map((file) => [file, read(file)]),
  );
  return { templates, graphqlSchema: read(schemaFile), resolverCode, acknowledgements: nagAcknowledgements };
}

/** Every resource of `type` in every template, with where it lives. */
export function resourcesOfType(templates: Record<string, CfnTemplate>, type: string) {
  return Object.entries(templates).flatMap(([file, template]) =>
    Object.entries(template.Resources ?? {})
      .filter(([, resource]) => resource.Type === type)
      .map(([logicalId, resource]) => ({ file, logicalId, properties: resource.Properties ?? {} })),
  );
}
