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
    may: ['amplify/', 'core/order-events.ts', 'core/groups.ts', 'db/environment-names.ts'],
  },
  { room: 'platform/', may: ['platform/', 'amplify/config/platform.ts', 'amplify/nag/'] },
  { room: 'local-cloud/', may: ['local-cloud/', 'core/', 'db/', 'functions/', 'amplify/'] },
  { room: 'scripts/', may: ['scripts/', 'core/', 'db/', 'amplify/', 'local-cloud/'] },
  { room: 'bench/', may: ['bench/', 'core/', 'db/', 'amplify/', 'local-cloud/', 'tests/support/'] },
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
export function violations(edges: readonly Import[]): string[] {
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

  it.each([
    ['core importing the data layer', { from: 'core/pricing.ts', to: 'db/cursor.ts', typeOnly: false }],
    [
      'the data layer importing a function',
      { from: 'db/outbox.ts', to: 'functions/lib/event-bus.ts', typeOnly: false },
    ],
    [
      'a shared module importing one function',
      { from: 'functions/lib/event-bus.ts', to: 'functions/report/report-job.ts', typeOnly: true },
    ],
    [
      'one function importing another',
      { from: 'functions/orders-api/handler.ts', to: 'functions/report/run-report.ts', typeOnly: false },
    ],
    [
      'product code importing test helpers',
      { from: 'functions/orders-api/handler.ts', to: 'tests/support/seed.ts', typeOnly: false },
    ],
    [
      'product code importing the emulator',
      { from: 'functions/lib/http.ts', to: 'local-cloud/config.ts', typeOnly: false },
    ],
    [
      'the SPA importing a value from amplify/',
      { from: 'src/api/orders.ts', to: 'amplify/data/admin-orders-page.ts', typeOnly: false },
    ],
    [
      'the SPA importing a handler',
      { from: 'src/api/orders.ts', to: 'functions/lib/caller.ts', typeOnly: true },
    ],
    [
      'amplify/ importing handler code',
      { from: 'amplify/backend.ts', to: 'functions/orders-api/handler.ts', typeOnly: false },
    ],
  ])('given %s, when checked, then it is refused', (_, edge) => {
    expect(violations([edge])).toHaveLength(1);
  });

  it.each([
    [
      'a function importing its own module',
      { from: 'functions/report/handler.ts', to: 'functions/report/run-report.ts', typeOnly: false },
    ],
    [
      'the SPA importing the Schema type',
      { from: 'src/api/orders.ts', to: 'amplify/data/resource.ts', typeOnly: true },
    ],
    [
      'a test importing anything',
      { from: 'functions/lib/http.test.ts', to: 'local-cloud/lambda/context.ts', typeOnly: false },
    ],
  ])('given %s, when checked, then it is allowed', (_, edge) => {
    expect(violations([edge])).toEqual([]);
  });
});
