import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CUSTOMERS } from '../local-cloud/demo-accounts.ts';
import { type LocalCloud, startLocalCloud } from '../local-cloud/local-cloud.ts';

const [alice] = DEMO_CUSTOMERS;
if (!alice) throw new Error('no demo customer');

// The CLI as an operator runs it, against the local cloud's Cognito on its internal listener. The
// credentials come from the environment as for any SDK client: the local cloud's operator keys
// (its Admin* operations check SigV4 and IAM).
describe('npm run admin:create against the local cloud', () => {
  let cloud: LocalCloud;
  let stateDir: string;
  let outputsFile: string;

  const run = (args: string[]) =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/admin-create.ts', ...args], {
      env: {
        ...process.env,
        AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: `${cloud.internalUrl}/cognito`,
        AWS_ACCESS_KEY_ID: cloud.operatorCredentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: cloud.operatorCredentials.secretAccessKey,
      },
    });

  const groupsOf = (email: string) => {
    const state = JSON.parse(readFileSync(join(stateDir, 'cognito.json'), 'utf8'));
    return state.users.find((user: { email: string }) => user.email === email)?.groups;
  };

  beforeAll(async () => {
    stateDir = mkdtempSync(join(tmpdir(), 'so-admin-create-'));
    cloud = await startLocalCloud({ stateDir, httpsPort: 0, httpPort: 0, databasePort: 0, log: () => {} });
    outputsFile = join(stateDir, 'amplify_outputs.json');
    writeFileSync(outputsFile, JSON.stringify(cloud.outputs));
  });
  afterAll(() => cloud?.stop());

  it('given an existing user, when the operator runs it, then the user is in ADMINS and told to enrol TOTP', async () => {
    expect(groupsOf(alice.email)).not.toContain('ADMINS');
    const { stdout } = await run(['--email', alice.email, '--outputs', outputsFile]);
    expect(groupsOf(alice.email)).toContain('ADMINS');
    expect(stdout).toContain(`${alice.email} is in ADMINS`);
    expect(stdout).toMatch(/set up two-factor authentication \(TOTP\)/);
  });

  it('given an outputs file naming another user pool, then it fails without changing anyone', async () => {
    const foreign = join(stateDir, 'foreign_outputs.json');
    writeFileSync(
      foreign,
      JSON.stringify({ auth: { ...cloud.outputs.auth, user_pool_id: 'eu-west-1_other' } }),
    );
    await expect(run(['--email', 'bob@example.com', '--outputs', foreign])).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('ResourceNotFoundException'),
    });
    expect(groupsOf('bob@example.com')).not.toContain('ADMINS');
  });

  it('given no valid e-mail, then it prints its usage and exits 2', async () => {
    await expect(run(['--email', 'not-an-address', '--outputs', outputsFile])).rejects.toMatchObject({
      code: 2,
    });
  });
});
