import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADMINS_GROUP } from '../../core/groups.ts';
import { ROOT, sourceFiles } from './import-graph.ts';

/** Product source files (tests spell values out on purpose: they are the specification). */
const productFiles = sourceFiles().filter(
  (path) => !/\.test\.tsx?$/.test(path) && !path.startsWith('tests/'),
);
const filesContaining = (pattern: RegExp) =>
  productFiles.filter((path) => pattern.test(readFileSync(join(ROOT, path), 'utf8'))).sort();

describe('one definition per idea', () => {
  it('given the SPA and the server, when they name a problem type, then it is one of core/problem-types.ts', () => {
    expect(filesContaining(/urn:secure-orders:problem:/)).toEqual(['core/problem-types.ts']);
  });

  it('given the admins group, when the product names it, then it reads core/groups.ts (the APPSYNC_JS resolver keeps the one copy)', () => {
    expect(filesContaining(/['"]ADMINS['"]/)).toEqual(['amplify/data/on-order-event.js', 'core/groups.ts']);
    const resolver = readFileSync(join(ROOT, 'amplify/data/on-order-event.js'), 'utf8');
    expect(resolver).toContain(`const ADMINS_GROUP = '${ADMINS_GROUP}';`);
  });
});
