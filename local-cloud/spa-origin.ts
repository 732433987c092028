import { readdirSync } from 'node:fs';
import { join, posix } from 'node:path';
import { PROJECT_ROOT } from './paths.ts';

/**
 * What the app's origin may serve through Vite: only what Amplify Hosting would serve for this SPA
 * (index.html, its modules under src/, the modules elsewhere that they import, such as core/'s,
 * public/ files, dependencies from node_modules, Vite's own client) and, for any other path without
 * a file extension, index.html (Hosting's SPA rewrite). Everything else in the project tree (server
 * code, migrations, .env files, the backend's source, package.json, .git) is refused before Vite
 * sees the request: Vite's dev server would otherwise serve any file under its root.
 * 'if-imported' means: serve only if the SPA's served modules import it (Vite's module graph knows).
 */
export type OriginDecision = 'serve' | 'spa-route' | 'if-imported' | 'refuse';

const VITE_INTERNALS = ['/@vite/client', '/@vite/env', '/@react-refresh'];
const SERVED_FOLDERS = ['/src/', '/node_modules/'];

export function createOriginAllowList(options: {
  /** The amplify outputs file the SPA imports (outside the project root in tests). */
  outputsFile: string;
  root?: string;
}): (rawUrl: string) => OriginDecision {
  const root = options.root ?? PROJECT_ROOT;
  const publicFiles = new Set(readdirSync(join(root, 'public')).map((name) => `/${name}`));
  const servedFiles = new Set([
    '/',
    '/index.html',
    ...VITE_INTERNALS,
    ...publicFiles,
    viteUrlOf(root, options.outputsFile),
  ]);
  const nodeModules = `/@fs${join(root, 'node_modules')}/`;

  return (rawUrl) => {
    const path = normalizedPath(rawUrl);
    if (path === undefined) return 'refuse';
    if (servedFiles.has(path) || path.startsWith('/@id/__x00__') || path.startsWith(nodeModules)) {
      return 'serve';
    }
    if (isTestFile(path) || path.startsWith('/@')) return 'refuse';
    if (SERVED_FOLDERS.some((folder) => path.startsWith(folder))) return 'serve';
    return posix.extname(path) === '' ? 'spa-route' : 'if-imported';
  };
}

/**
 * The decoded path, or undefined for anything a file server could read as another path: dot
 * segments, backslashes, NUL, doubled slashes or hidden files and folders (`.env`, `.git`).
 */
function normalizedPath(rawUrl: string): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(rawUrl.split(/[?#]/)[0] ?? '/');
  } catch {
    return undefined;
  }
  const hidden = path.split('/').some((segment) => segment.startsWith('.') && segment !== '.vite');
  if (hidden || /[\\\0]|\/\//.test(path) || posix.normalize(path) !== path) return undefined;
  return path;
}

function isTestFile(path: string): boolean {
  return /\.(test|spec)\.[cm]?[jt]sx?$/.test(path);
}

/** The URL Vite serves a file under: root-relative inside the root, else /@fs/<absolute path>. */
function viteUrlOf(root: string, file: string): string {
  return file.startsWith(root) ? `/${file.slice(root.length).replace(/^\/+/, '')}` : `/@fs${file}`;
}

/** Whether a module the origin serves imports `url`, directly or through other imports. */
export async function importedByServedModule(
  url: string,
  graph: { getModuleByUrl(url: string): Promise<{ importers: Set<{ url: string }> } | undefined> },
  decide: (url: string) => OriginDecision,
  seen = new Set<string>(),
): Promise<boolean> {
  const module = await graph.getModuleByUrl(url);
  for (const importer of module?.importers ?? []) {
    if (seen.has(importer.url)) continue;
    seen.add(importer.url);
    const decision = decide(importer.url);
    if (decision === 'serve') return true;
    if (decision === 'if-imported' && (await importedByServedModule(importer.url, graph, decide, seen)))
      return true;
  }
  return false;
}
