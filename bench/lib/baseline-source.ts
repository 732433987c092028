import { execFile } from 'node:child_process';
import { mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The code a benchmark compares against, exported from git at `ref` into `dir` (with this
 * checkout's node_modules linked in), so "today's implementation" is measured as it was, in the
 * same run, without a copy of it living on in the tree. The packages only the baseline still
 * imports stay installed as devDependencies (csv-stringify, pg-cursor, the Powertools tracer).
 * Says why not where the ref is not in this clone (a shallow CI checkout).
 */
export async function exportBaseline(
  ref: string,
  dir: string,
): Promise<{ root: string } | { missing: string }> {
  try {
    await run('git', ['-C', ROOT, 'cat-file', '-e', `${ref}^{commit}`]);
  } catch {
    return { missing: `baseline commit ${ref} is not in this clone (fetch the full history)` };
  }
  await mkdir(dir, { recursive: true });
  await run('sh', ['-c', 'git -C "$0" archive "$1" core db functions | tar -x -C "$2"', ROOT, ref, dir]);
  await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return { root: dir };
}
