/**
 * `npm run synth`: synthesizes the whole Amplify backend offline (no AWS credentials) into cdk.out,
 * with cdk-nag: any unacknowledged finding fails it. Prints the time taken, the resource count and the
 * acknowledgements. `--no-bundle` skips function bundling (templates only, faster).
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { App } from 'aws-cdk-lib';

const outdir = resolve(process.env.CDK_OUTDIR ?? 'cdk.out');
const bundle = !process.argv.includes('--no-bundle');
rmSync(outdir, { recursive: true, force: true });
process.env.CDK_OUTDIR = outdir;
process.env.AMPLIFY_DISABLE_TELEMETRY = '1';
process.env.CDK_CONTEXT_JSON ??= JSON.stringify({
  'amplify-backend-namespace': 'secureorders',
  'amplify-backend-name': 'synth',
  'amplify-backend-type': 'sandbox',
  ...(bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
});

const started = performance.now();
try {
  const { backend, nagAcknowledgements } = await import('../amplify/backend.ts');
  (backend.stack.node.root as App).synth();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const templates = readdirSync(outdir).filter((file) => file.endsWith('.template.json'));
  const resources = templates.reduce(
    (count, file) =>
      count + Object.keys(JSON.parse(readFileSync(join(outdir, file), 'utf8')).Resources ?? {}).length,
    0,
  );
  const ours = nagAcknowledgements.filter((ack) => ack.ours).length;
  console.log(
    `synthesized ${templates.length} templates, ${resources} resources, in ${seconds} s -> ${outdir}`,
  );
  console.log(
    `cdk-nag (AwsSolutions + Serverless): 0 open findings, ${nagAcknowledgements.length} acknowledged ` +
      `(${ours} on resources of ours, ${nagAcknowledgements.length - ours} on Amplify/CDK internals; see amplify/nag/acknowledgements.ts)`,
  );
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  console.error(
    `synth failed after ${((performance.now() - started) / 1000).toFixed(1)} s (report: ${outdir}/validation-report.json)`,
  );
  process.exitCode = 1;
}
