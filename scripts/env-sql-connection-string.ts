// `npm run env:sql-connection-string -- --env <environment> [--host <endpoint>]`: prints a new
// SQL_CONNECTION_STRING for Amplify's SQL Lambda on stdout, and nowhere else. Pipe it straight in:
//   npm run -s env:sql-connection-string -- --env <env> | npx ampx sandbox secret set SQL_CONNECTION_STRING
// then redeploy: the provisioner sets the readonly role's password from that secret.
// The host defaults to the platform's output SqlLambdaDatabaseHost in platform/outputs.json.
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { generatePassword, sqlConnectionString } from './lib/sql-connection-string.ts';

const PLATFORM_OUTPUTS = 'platform/outputs.json';
const HOST_OUTPUT = 'SqlLambdaDatabaseHost';

const { values } = parseArgs({ options: { env: { type: 'string' }, host: { type: 'string' } } });
const host = values.host ?? hostFromPlatformOutputs();
if (!values.env || !host) {
  console.error(
    `usage: npm run env:sql-connection-string -- --env <environment> [--host <endpoint>] (default: ${HOST_OUTPUT} in ${PLATFORM_OUTPUTS})`,
  );
  process.exit(2);
}
try {
  process.stdout.write(`${sqlConnectionString(values.env, host, generatePassword())}\n`);
} catch (error) {
  console.error(`Invalid --host: ${(error as Error).message}`);
  process.exit(2);
}

/** CDK's --outputs-file: { <stack>: { <output>: value } }. */
function hostFromPlatformOutputs(): string | undefined {
  if (!existsSync(PLATFORM_OUTPUTS)) return undefined;
  const stacks = JSON.parse(readFileSync(PLATFORM_OUTPUTS, 'utf8')) as Record<
    string,
    Record<string, unknown>
  >;
  const host = Object.values(stacks).find((outputs) => typeof outputs[HOST_OUTPUT] === 'string')?.[
    HOST_OUTPUT
  ];
  return host as string | undefined;
}
