import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** Everything the local AppSync serves, derived from amplify/data (see derive-schema.ts). */
export interface DerivedSchema {
  /** The expanded schema AppSync serves: model queries, filter inputs, connections, custom operations. */
  schema: string;
  /** The data schema's own transform: the models with their `@auth`, `@refersTo`, `@hasMany` directives. */
  modelSchema: string;
  /** Custom SQL query text by `Type.field`, as read from amplify/data/sql. */
  sqlStatements: Record<string, string>;
  /** Absolute paths of the custom JS resolvers by `Type.field`. */
  jsResolvers: Record<string, string>;
  /** `model_introspection` for amplify_outputs.json, generated the way `ampx` generates it. */
  modelIntrospection: unknown;
}

const root = fileURLToPath(new URL('../../', import.meta.url));
const require = createRequire(import.meta.url);

/** What the derived schema depends on: the data definition, its imports, and the tools' versions. */
function derivationHash(): string {
  const hash = createHash('sha256');
  const files = [
    ...listFiles(join(root, 'amplify/data')),
    join(root, 'amplify/auth/resource.ts'),
    fileURLToPath(new URL('./derive-schema.ts', import.meta.url)),
  ];
  for (const file of files) hash.update(file).update(readFileSync(file));
  for (const pkg of [
    '@aws-amplify/data-construct',
    '@aws-amplify/data-schema',
    '@aws-amplify/graphql-generator',
  ]) {
    hash.update(`${pkg}@${require(`${pkg}/package.json`).version}`);
  }
  return hash.digest('hex').slice(0, 16);
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/**
 * The derived schema, from `cacheDir` when amplify/data is unchanged since it was made, otherwise
 * derived afresh (about 10 s) in a child process.
 */
export async function loadDerivedSchema(options: {
  cacheDir: string;
  log?: (line: string) => void;
}): Promise<DerivedSchema> {
  mkdirSync(options.cacheDir, { recursive: true });
  const cached = join(options.cacheDir, `schema-${derivationHash()}.json`);
  if (!existsSync(cached)) {
    options.log?.('amplify/data changed: deriving the AppSync schema (about 10 s)...');
    const partial = `${cached}.${process.pid}.tmp`;
    await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('./derive-schema.ts', import.meta.url)), partial],
      { cwd: root, maxBuffer: 16 * 1024 * 1024 },
    );
    renameSync(partial, cached);
  }
  return JSON.parse(readFileSync(cached, 'utf8')) as DerivedSchema;
}
