import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDeploymentConfig } from '../../amplify/config/index.ts';
import { PLATFORM_OUTPUT_KEYS, PLATFORM_PARAMETER_NAME } from '../../amplify/config/platform.ts';

// The README's "Deploying to AWS" walkthrough, checked as far as offline allows: what it tells a
// newcomer to run exists, and what it tells them to set is read by the code.
const readme = readFileSync('README.md', 'utf8');
const section = readme.slice(
  readme.indexOf('## Deploying to AWS'),
  readme.indexOf('\n## ', readme.indexOf('## Deploying to AWS') + 1),
);
const scripts = JSON.parse(readFileSync('package.json', 'utf8')).scripts as Record<string, string>;
const codeSpans = [...section.matchAll(/`([^`]+)`/g)].map((match) => match[1] ?? '');
/** Files the walkthrough has the reader create, or that a deploy writes. */
const WRITTEN_BY_THE_READER = new Set([
  'amplify/config/deployment.json',
  'platform/outputs.json',
  'amplify_outputs.json',
  'customHttp.yml',
]);

describe('the README deploy walkthrough', () => {
  it('given the section, then it is there and walks through platform, sandbox, Hosting, admin and teardown', () => {
    const headings = section.match(/^### .*/gm)?.join('\n') ?? '';
    expect(headings).toMatch(
      /Prerequisites[\s\S]*platform[\s\S]*sandbox[\s\S]*Hosting[\s\S]*admin[\s\S]*Teardown[\s\S]*Cost/,
    );
  });

  it('given every `npm run X` it names, then package.json has script X', () => {
    const named = [...section.matchAll(/npm run ([a-z:-]+)/g)].map((match) => match[1] ?? '');
    expect(named.length).toBeGreaterThan(5);
    expect(named.filter((name) => !(name in scripts))).toEqual([]);
  });

  it('given every repository file it names, then the file exists', () => {
    const files = codeSpans.filter((span) => /^[\w./-]+\.(ts|json|yml|md)$/.test(span) && span.includes('/'));
    expect(files.length).toBeGreaterThan(2);
    expect(files.filter((file) => !existsSync(file) && !WRITTEN_BY_THE_READER.has(file))).toEqual([]);
  });

  it('given every config key it names, then the deployment config schema reads it', () => {
    const config = loadDeploymentConfig() as unknown as Record<string, unknown>;
    const keys = codeSpans.filter((span) => /^(app|reports|alarms|productionBranches)(\.\w+)?$/.test(span));
    const read = (path: string) =>
      path
        .split('.')
        .reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], config);
    expect(keys.length).toBeGreaterThan(5);
    expect(keys.filter((key) => read(key) === undefined)).toEqual([]);
  });

  it('given the platform outputs and parameter it names, then the platform writes them', () => {
    const outputs = [
      ...section.matchAll(/<(\w+) from platform\/outputs\.json>|<(SqlLambdaDatabaseHost)>/g),
    ].map((match) => match[1] ?? match[2] ?? '');
    expect(outputs.length).toBeGreaterThan(0);
    expect(outputs.filter((output) => !(PLATFORM_OUTPUT_KEYS as string[]).includes(output))).toEqual([]);
    expect(section).toContain(PLATFORM_PARAMETER_NAME);
    expect(scripts['platform:outputs']).toContain(`--name ${PLATFORM_PARAMETER_NAME} `);
  });
});
