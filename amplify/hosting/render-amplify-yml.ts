import { writeFileSync } from 'node:fs';
import { renderAmplifyYml } from './amplify-yml.ts';

writeFileSync('amplify.yml', renderAmplifyYml());
console.log('wrote amplify.yml');
