import { Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { acknowledgeFindings } from './acknowledgements.ts';

/** Runs cdk-nag's AwsSolutions and Serverless packs over the whole app when it synthesizes. */
export function enableNagChecks(backend: { stack: Stack }): void {
  const app: IConstruct = backend.stack.node.root;
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }), new ServerlessChecks(app, { verbose: true }));
  acknowledgeFindings(app);
}
