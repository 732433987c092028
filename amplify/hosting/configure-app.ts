/**
 * `npm run hosting:configure -- --app-id <id> [--outputs amplify_outputs.json]`: the Amplify Hosting
 * app settings that are not part of amplify.yml, applied as code (UpdateApp, with the AWS
 * credentials of the environment, as the AWS SDK reads them):
 * - the SPA rewrite: every path without a file extension answers /index.html with 200, so reloading
 *   a client route such as /orders/<id> works (Amplify's documented single-page-app rule);
 * - the security headers for the environment's own endpoints, the same customHttp.yml the build
 *   renders (the app's setting is what Hosting serves when no customHttp.yml is in the repository).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AmplifyClient, type CustomRule, UpdateAppCommand } from '@aws-sdk/client-amplify';
import { z } from 'zod';
import { renderCustomHttpYml } from './amplify-yml.ts';
import { awsConnectSources, deployedEndpointsSchema } from './security-headers.ts';

/** Extensions served as files; anything else without a dot in its last segment is a client route. */
const STATIC_EXTENSIONS = 'css|gif|ico|jpg|js|png|txt|svg|woff|woff2|ttf|map|json|webp';
export const SPA_ROUTE_PATTERN = `^[^.]+$|\\.(?!(${STATIC_EXTENSIONS})$)([^.]+$)`;
export const SPA_REWRITE: CustomRule = {
  source: `</${SPA_ROUTE_PATTERN}/>`,
  target: '/index.html',
  status: '200',
};

const argsSchema = z.object({
  'app-id': z.string().regex(/^d[a-z0-9]{6,}$/, 'an Amplify app id looks like d1a2b3c4example'),
  outputs: z.string().default('amplify_outputs.json'),
});

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'app-id': { type: 'string' }, outputs: { type: 'string' } } });
  const args = argsSchema.parse(values);
  const outputs = deployedEndpointsSchema.parse(JSON.parse(readFileSync(args.outputs, 'utf8')));
  await new AmplifyClient({ region: outputs.auth.aws_region }).send(
    new UpdateAppCommand({
      appId: args['app-id'],
      customRules: [SPA_REWRITE],
      customHeaders: renderCustomHttpYml(awsConnectSources(outputs)),
    }),
  );
  console.log(`app ${args['app-id']}: SPA rewrite to /index.html (200) and security headers set`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(error instanceof z.ZodError ? z.prettifyError(error) : String(error));
    process.exitCode = 1;
  });
}
