/**
 * `npm run hosting:headers [-- <amplify_outputs.json>]`: writes customHttp.yml with the CSP for this
 * environment's own endpoints. Hosting runs it after `ampx pipeline-deploy` wrote the outputs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { renderCustomHttpYml } from './amplify-yml.ts';
import { awsConnectSources, deployedEndpointsSchema } from './security-headers.ts';

const outputsPath = process.argv[2] ?? 'amplify_outputs.json';
const outputs = deployedEndpointsSchema.parse(JSON.parse(readFileSync(outputsPath, 'utf8')));
writeFileSync('customHttp.yml', renderCustomHttpYml(awsConnectSources(outputs)));
console.log(`wrote customHttp.yml from ${outputsPath}`);
