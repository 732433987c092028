import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { FUNCTION_ENTRIES, type FunctionName } from '../amplify/functions/entries.ts';

/**
 * Bundles the Lambda handlers the way Amplify's defineFunction does: esbuild, ESM, minified, the
 * AWS SDK bundled in (bundleAwsSDK), a `require` shim for CommonJS dependencies.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The functions the bench bundles (the pre-token trigger runs outside the VPC, on no database). */
export const HANDLERS = [
  'orders-api',
  'report-download',
  'outbox-relay',
  'report',
  'migrate',
] as const satisfies FunctionName[];
export type HandlerName = (typeof HANDLERS)[number] | 'empty' | 'pg-only';

/** The cold-start floor: pg and the repository's create-order transaction alone. */
const PG_ONLY_ENTRY = 'bench/cold-start/pg-only-handler.ts';

const REQUIRE_SHIM = [
  "import { createRequire as __createRequire } from 'node:module';",
  "import { fileURLToPath as __fileURLToPath } from 'node:url';",
  "import { dirname as __dirname_of } from 'node:path';",
  'const require = __createRequire(import.meta.url);',
  'const __filename = __fileURLToPath(import.meta.url);',
  'const __dirname = __dirname_of(__filename);',
].join('\n');

export interface Bundle {
  name: HandlerName;
  file: string;
  bytes: number;
}

/** Bundles one entry file into `outFile`; returns its size. */
export async function bundleEntry(entry: string, outFile: string): Promise<number> {
  const result = await build({
    entryPoints: [entry],
    outfile: outFile,
    bundle: true,
    platform: 'node',
    target: 'node24', // the functions' runtime (amplify/functions/shared.ts)
    format: 'esm',
    minify: true,
    mainFields: ['module', 'main'],
    banner: { js: REQUIRE_SHIM },
    metafile: true,
    logLevel: 'error',
  });
  return Object.values(result.metafile.outputs)[0]?.bytes ?? 0;
}

/**
 * Builds one bundle per handler plus an empty handler (the import-time baseline) and the pg-only
 * handler into `outDir`, from the sources under `root` (this checkout, or a baseline's export).
 */
export async function buildBundles(outDir: string, root = ROOT): Promise<Bundle[]> {
  await mkdir(outDir, { recursive: true });
  const emptyEntry = join(outDir, 'empty-entry.mjs');
  await writeFile(emptyEntry, 'export const handler = async () => ({ statusCode: 200 });\n');
  const entries: [HandlerName, string][] = [
    // A function the baseline did not have yet (report-download) has no baseline bundle.
    ...HANDLERS.filter((name) => existsSync(join(root, FUNCTION_ENTRIES[name]))).map(
      (name) => [name, join(root, FUNCTION_ENTRIES[name])] as [HandlerName, string],
    ),
    ['empty', emptyEntry],
    ['pg-only', join(ROOT, PG_ONLY_ENTRY)],
  ];
  const bundles: Bundle[] = [];
  for (const [name, entry] of entries) {
    const file = join(outDir, `${name}.mjs`);
    bundles.push({ name, file, bytes: await bundleEntry(entry, file) });
  }
  return bundles;
}
