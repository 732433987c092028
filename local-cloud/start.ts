// `npm start`: the app on this machine, no AWS account. Today it runs the embedded database
// (migrated, seeded) and the SPA; the local Cognito, AppSync, HTTP API and event bus join it here.
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createServer } from 'vite';
import { startLocalDatabase } from './database.ts';
import { DEMO_ACCOUNTS } from './demo-accounts.ts';
import { LOCAL_STATE_DIR } from './paths.ts';

const { values } = parseArgs({ options: { reset: { type: 'boolean', default: false } } });
const log = (line: string) => console.log(`[local-cloud] ${line}`);
const started = performance.now();

if (values.reset) {
  rmSync(LOCAL_STATE_DIR, { recursive: true, force: true });
  log(`--reset: removed ${LOCAL_STATE_DIR}`);
}

const database = await startLocalDatabase({ port: Number(process.env.LOCAL_DB_PORT ?? 54329), log });
const spa = await createServer({ configFile: 'vite.config.ts', logLevel: 'warn' });
await spa.listen();
const spaUrl = spa.resolvedUrls?.local[0] ?? 'http://127.0.0.1:5173/';

console.log(`
  Secure Orders is running locally (ready in ${((performance.now() - started) / 1000).toFixed(1)} s)

  App        ${spaUrl}
  Database   ${redact(database.url)}
             ${database.description}
  Demo data  ${DEMO_ACCOUNTS.map((account) => `${account.email} (${account.role.toLowerCase()})`).join(', ')}

  Stop with Ctrl-C. State is kept in .local-cloud/; \`npm start -- --reset\` starts from scratch.
`);

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  log(`${signal}: stopping...`);
  await spa.close();
  await database.stop();
  log('stopped');
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
