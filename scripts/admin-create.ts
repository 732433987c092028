// `npm run admin:create -- --email <e> [--outputs amplify_outputs.json]`: makes the first admin of
// the environment the outputs file describes. AWS credentials and endpoints come from the
// environment, as for any AWS SDK client (AWS_PROFILE, AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER...).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { adminEmail, makeAdmin, outputsSchema, totpEnrolmentSteps } from './lib/first-admin.ts';

const { values } = parseArgs({
  options: {
    email: { type: 'string' },
    outputs: { type: 'string', default: 'amplify_outputs.json' },
  },
});
const email = adminEmail.safeParse(values.email);
if (!email.success) {
  console.error('usage: npm run admin:create -- --email <address> [--outputs amplify_outputs.json]');
  process.exit(2);
}
const outputs = outputsSchema.safeParse(JSON.parse(readFileSync(values.outputs, 'utf8')));
if (!outputs.success) {
  console.error(`${values.outputs} has no auth.user_pool_id / auth.aws_region: deploy the backend first`);
  process.exit(2);
}
const { user_pool_id: userPoolId, aws_region: region } = outputs.data.auth;
const cognito = new CognitoIdentityProviderClient({ region });
try {
  const { created } = await makeAdmin(cognito, { userPoolId, email: email.data });
  console.log(totpEnrolmentSteps(email.data, created));
} catch (error) {
  console.error(
    `Could not make ${email.data} an admin: ${(error as Error).name}: ${(error as Error).message}`,
  );
  process.exit(1);
}
