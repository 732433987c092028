/**
 * The platform's CDK app (`npm run platform:synth | platform:deploy | platform:destroy`): one stack,
 * SecureOrdersPlatform, per account and region, checked by cdk-nag like the backend.
 */
import { App } from 'aws-cdk-lib';
import { PLATFORM_STACK_NAME } from '../amplify/config/platform.ts';
import { enableNagChecks } from '../amplify/nag/checks.ts';
import { PLATFORM_ACKNOWLEDGEMENTS } from './nag.ts';
import { PlatformStack } from './platform-stack.ts';

export function buildPlatform(app = new App()) {
  const stack = new PlatformStack(app, PLATFORM_STACK_NAME, {
    description: 'Secure Orders shared platform: VPC, endpoints, Aurora PostgreSQL, RDS Proxy, provisioner',
    terminationProtection: true,
  });
  const acknowledgements = enableNagChecks(app, PLATFORM_ACKNOWLEDGEMENTS);
  return { app, stack, acknowledgements };
}

if (import.meta.url === `file://${process.argv[1]}`) buildPlatform().app.synth();
