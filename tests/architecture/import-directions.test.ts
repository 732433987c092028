import { describe, expect, it } from 'vitest';
import { type Import, importsOf, sourceFiles } from './import-graph.ts';

/**
 * The import directions ARCHITECTURE.md ("Code layout and the direction of imports") declares, as
 * data: a file in `room` may import files under the listed prefixes (a prefix ending in `/` is a
 * folder, anything else one file). Tests (`*.test.ts`, `tests/`) may import anything; nothing else
 * may import them, the benchmarks, the scripts or the local cloud unless listed here.
 */
interface Rule {
  room: string;
  may: readonly string[];
  /** Prefixes it may import types from only (erased at build time). */
  mayTypes?: readonly string[];
}

/** A function's own folder: `functions/<name>/`. */
const OWN_FUNCTION = '<own function folder>';

const RULES: readonly Rule[] = [
  { room: 'core/', may: ['core/'] },
  { room: 'db/', may: ['core/', 'db/'] },
  { room: 'functions/lib/', may: ['core/', 'db/', 'functions/lib/'] },
  { room: 'functions/', may: ['core/', 'db/', 'functions/lib/', OWN_FUNCTION] },
  { room: 'src/', may: ['core/', 'src/'], mayTypes: ['amplify/data/resource.ts'] },
  {
    room: 'amplify/',
    may: [
      'amplify/',
      'core/order-events.ts',
      'core/catalogue-events.ts',
      'core/groups.ts',
      'db/environment-names.ts',
    ],
  },
  {
    room: 'platform/',
    may: [
      'platform/',
      'amplify/config/',
      'amplify/nag/',
      'amplify/constructs/alarm-topic.ts',
      'amplify/constructs/report-requests.ts',
    ],
  },
  { room: 'local-cloud/', may: ['local-cloud/', 'core/', 'db/', 'functions/', 'amplify/'] },
  { room: 'scripts/', may: ['scripts/', 'core/', 'db/', 'amplify/', 'local-cloud/'] },
  // The screenshots walk the pages as the browser tests do, with their harness and page list.
  {
    room: 'scripts/screenshots.ts',
    may: ['local-cloud/', 'tests/support/app-pages.ts', 'tests/support/local-cloud-browser.ts'],
  },
  {
    room: 'bench/',
    may: ['bench/', 'core/', 'db/', 'amplify/', 'local-cloud/', 'functions/', 'tests/support/'],
  },
  { room: 'vite.config.ts', may: ['amplify/hosting/security-headers.ts'] },
];

const isTest = (path: string) => /\.test\.tsx?$/.test(path) || path.startsWith('tests/');

/** The most specific rule for a file (functions/lib/ before functions/). */
const ruleFor = (path: string) =>
  RULES.filter((rule) => path.startsWith(rule.room)).sort((a, b) => b.room.length - a.room.length)[0];

function allows(rule: Rule, edge: Import): boolean {
  const prefixes = edge.typeOnly ? [...rule.may, ...(rule.mayTypes ?? [])] : rule.may;
  return prefixes.some((prefix) =>
    prefix === OWN_FUNCTION
      ? edge.to.startsWith(`${edge.from.split('/').slice(0, 2).join('/')}/`)
      : prefix.endsWith('/')
        ? edge.to.startsWith(prefix)
        : edge.to === prefix,
  );
}

/** What the rules refuse in an import graph, one line per import. */
function violations(edges: readonly Import[]): string[] {
  return edges
    .filter((edge) => !isTest(edge.from))
    .flatMap((edge) => {
      const rule = ruleFor(edge.from);
      if (!rule) return [`${edge.from} -> ${edge.to} (the file is in no room of ARCHITECTURE.md)`];
      return allows(rule, edge) ? [] : [`${edge.from} -> ${edge.to}`];
    });
}

describe('the import directions of ARCHITECTURE.md', () => {
  it('given the whole tree, when its imports are read, then none runs against the declared directions', () => {
    expect(violations(importsOf(sourceFiles()))).toEqual([]);
  }, 60_000);

  const edge = (from: string, to: string, typeOnly = false): Import => ({ from, to, typeOnly });
  it.each([
    ['core importing the data layer', edge('core/pricing.ts', 'db/cursor.ts'), false],
    ['the data layer importing a function', edge('db/outbox.ts', 'functions/lib/event-bus.ts'), false],
    [
      'a shared module importing one function',
      edge('functions/lib/event-bus.ts', 'functions/report/report-job.ts', true),
      false,
    ],
    [
      'one function importing another',
      edge('functions/orders-api/handler.ts', 'functions/report/run-report.ts'),
      false,
    ],
    [
      'product code importing test helpers',
      edge('functions/orders-api/handler.ts', 'tests/support/seed.ts'),
      false,
    ],
    ['product code importing the emulator', edge('functions/lib/http.ts', 'local-cloud/config.ts'), false],
    [
      'the SPA importing a value from amplify/',
      edge('src/api/orders.ts', 'amplify/data/admin-orders-page.ts'),
      false,
    ],
    ["the SPA importing a handler's type", edge('src/api/orders.ts', 'functions/lib/caller.ts', true), false],
    ['amplify/ importing handler code', edge('amplify/backend.ts', 'functions/orders-api/handler.ts'), false],
    [
      'a function importing its own module',
      edge('functions/report/handler.ts', 'functions/report/run-report.ts'),
      true,
    ],
    ['the SPA importing the Schema type', edge('src/api/orders.ts', 'amplify/data/resource.ts', true), true],
    ['a test importing anything', edge('functions/lib/http.test.ts', 'local-cloud/lambda/context.ts'), true],
  ])('given %s, when checked, then it is allowed: %s', (_, imported, allowed) => {
    expect(violations([imported])).toHaveLength(allowed ? 0 : 1);
  });
});
