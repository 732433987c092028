// `npm run invoke -- <function> [json-event]`: runs one function now inside the running local cloud
// (`npm start`), through its Lambda Invoke API on the loopback listener, signed with the local
// operator's keys (the developer's own identity, which the local cloud wrote to its state folder),
// and prints what the function returned.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { FunctionName } from '../amplify/functions/entries.ts';
import { LOCAL_REGION, SERVICE_PATHS } from '../local-cloud/config.ts';
import { LOCAL_STATE_DIR, OPERATOR_CREDENTIALS_FILE } from '../local-cloud/paths.ts';

const [name, eventJson] = process.argv.slice(2);
// The functions the local cloud's Invoke API runs (migrate and the pre-token trigger run at start).
const known: FunctionName[] = ['outbox-relay', 'report', 'orders-api'];
if (!name || !known.includes(name as FunctionName)) {
  console.error(`usage: npm run invoke -- <${known.join('|')}> ['{"trigger":"manual"}']`);
  process.exit(2);
}
const port = Number(process.env.LOCAL_HTTP_PORT ?? 4080);
let credentials: { accessKeyId: string; secretAccessKey: string };
try {
  credentials = JSON.parse(readFileSync(join(LOCAL_STATE_DIR, OPERATOR_CREDENTIALS_FILE), 'utf8'));
} catch {
  console.error('No local cloud state found: start it first with `npm start`.');
  process.exit(1);
}
const lambda = new LambdaClient({
  region: LOCAL_REGION,
  endpoint: `http://127.0.0.1:${port}${SERVICE_PATHS.lambda}`,
  credentials,
  maxAttempts: 1,
});
const result = await lambda
  .send(
    new InvokeCommand({
      FunctionName: name,
      Payload: Buffer.from(eventJson ?? JSON.stringify({ trigger: 'schedule' })),
    }),
  )
  .catch((error: Error) => {
    console.error(
      `The local cloud refused or is not answering on 127.0.0.1:${port} (is \`npm start\` running?): ${error.message}`,
    );
    process.exit(1);
  });
console.log(
  JSON.stringify(JSON.parse(Buffer.from(result.Payload ?? []).toString('utf8') || 'null'), null, 2),
);
process.exit(result.FunctionError ? 1 : 0);
