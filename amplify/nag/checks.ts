import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import {
  type Acknowledgement,
  type AppliedAcknowledgement,
  acknowledgeFindings,
  nagPacks,
} from './acknowledgements.ts';

/**
 * Runs cdk-nag's AwsSolutions and Serverless packs over the whole app when it synthesizes; any
 * finding not acknowledged (acknowledgements.ts for the backend, platform/nag.ts for the platform)
 * fails synthesis. Call it last, once the app is built.
 */
export function enableNagChecks(
  app: IConstruct,
  acknowledgements?: readonly Acknowledgement[],
): AppliedAcknowledgement[] {
  const applied = acknowledgeFindings(app, acknowledgements);
  Validations.of(app).addPlugins(...nagPacks(app));
  return applied;
}
