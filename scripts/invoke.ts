// `npm run invoke -- <function> [json-event]`: runs one function now inside the running local cloud
// (`npm start`), through its Lambda Invoke endpoint, and prints what the function returned.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INVOKE_TOKEN_HEADER } from '../local-cloud/lambda/lambda-service.ts';
import { LOCAL_STATE_DIR } from '../local-cloud/paths.ts';

const [name, eventJson] = process.argv.slice(2);
const known = ['outbox-relay', 'report', 'orders-api'];
if (!name || !known.includes(name)) {
  console.error(`usage: npm run invoke -- <${known.join('|')}> ['{"trigger":"manual"}']`);
  process.exit(2);
}
const port = Number(process.env.LOCAL_HTTP_PORT ?? 4080);
let token: string;
try {
  token = readFileSync(join(LOCAL_STATE_DIR, 'invoke-token'), 'utf8').trim();
} catch {
  console.error('No local cloud state found: start it first with `npm start`.');
  process.exit(1);
}
const response = await fetch(`http://127.0.0.1:${port}/lambda/2015-03-31/functions/${name}/invocations`, {
  method: 'POST',
  headers: { [INVOKE_TOKEN_HEADER]: token, 'content-type': 'application/json' },
  body: eventJson ?? JSON.stringify({ trigger: 'schedule' }),
}).catch(() => {
  console.error(`The local cloud is not answering on 127.0.0.1:${port}: is \`npm start\` running?`);
  process.exit(1);
});
const failed = response.headers.get('x-amz-function-error');
console.log(JSON.stringify(await response.json(), null, 2));
process.exit(failed || !response.ok ? 1 : 0);
