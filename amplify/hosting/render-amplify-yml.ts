import { writeFileSync } from 'node:fs';
import { deploymentConfig } from '../config/index.ts';
import { renderAmplifyYml } from './amplify-yml.ts';
import { awsConnectSources } from './security-headers.ts';

writeFileSync('amplify.yml', renderAmplifyYml(awsConnectSources(deploymentConfig.region)));
console.log('wrote amplify.yml');
