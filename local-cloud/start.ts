// `npm start`: the whole app on this machine, no AWS account. See local-cloud/local-cloud.ts.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { developerDatabaseUrl } from './database.ts';
import { DEMO_ACCOUNTS, DEMO_ADMIN_TOTP_URI } from './demo-accounts.ts';
import { startLocalCloud } from './local-cloud.ts';
import { LOCAL_STATE_DIR, OPERATOR_CREDENTIALS_FILE } from './paths.ts';

const { values } = parseArgs({ options: { reset: { type: 'boolean', default: false } } });
const log = (line: string) => console.log(`[local-cloud] ${line}`);
const started = performance.now();

if (values.reset) {
  rmSync(LOCAL_STATE_DIR, { recursive: true, force: true });
  log(`--reset: removed ${LOCAL_STATE_DIR}`);
}

const cloud = await startLocalCloud({
  stateDir: LOCAL_STATE_DIR,
  httpsPort: Number(process.env.LOCAL_HTTPS_PORT ?? 4443),
  httpPort: Number(process.env.LOCAL_HTTP_PORT ?? 4080),
  databasePort: Number(process.env.LOCAL_DB_PORT ?? 54329),
  databaseUrl: process.env.DATABASE_URL,
  spa: true,
  schedules: true,
  outputsFile: fileURLToPath(new URL('../amplify_outputs.json', import.meta.url)),
  log,
});

const accounts = DEMO_ACCOUNTS.map(
  (account) => `${account.email.padEnd(20)} ${account.password.padEnd(28)} ${account.role.toLowerCase()}`,
).join('\n             ');
console.log(`
  Secure Orders is running locally (ready in ${((performance.now() - started) / 1000).toFixed(1)} s)

  App        ${cloud.origin}/
             (TLS from a local CA: accept the browser's warning once, or trust ${join(LOCAL_STATE_DIR, 'tls', 'ca.crt')})
  Mail       ${cloud.mailViewerUrl}
             every email sent (sign-up codes, password resets, reports); this link's token is new each start
  Accounts   ${accounts}
  Admin TOTP ${DEMO_ADMIN_TOTP_URI}
  Database   ${await developerDatabaseUrl(cloud.databaseUrl, cloud.operatorCredentials)}
             ${cloud.databaseDescription}; psql "<this URL>" connects
  Services   Cognito ${cloud.origin}/cognito · AppSync ${cloud.origin}/graphql (+ /realtime) · HTTP API ${cloud.origin}/api
             S3, SES, EventBridge, Secrets Manager, Lambda for the functions at ${cloud.internalUrl}
             (SigV4 and each role's IAM policy checked; your operator keys: ${join(LOCAL_STATE_DIR, OPERATOR_CREDENTIALS_FILE)})
  Schedules  ${cloud.schedules.join('\n             ')}
             run one now: npm run invoke -- outbox-relay | report

  Stop with Ctrl-C. State is kept in ${LOCAL_STATE_DIR}; \`npm start -- --reset\` starts from scratch.
`);

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  log(`${signal}: stopping...`);
  await cloud.stop();
  log('stopped');
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
