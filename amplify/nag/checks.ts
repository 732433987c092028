import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { type AppliedAcknowledgement, acknowledgeFindings, nagPacks } from './acknowledgements.ts';

/**
 * Runs cdk-nag's AwsSolutions and Serverless packs over the whole app when it synthesizes; any
 * finding not acknowledged in acknowledgements.ts fails synthesis. Call it last in backend.ts.
 */
export function enableNagChecks(backend: {
  stack: { node: { root: IConstruct } };
}): AppliedAcknowledgement[] {
  const app = backend.stack.node.root;
  const applied = acknowledgeFindings(app);
  Validations.of(app).addPlugins(...nagPacks(app));
  return applied;
}
