/** One entry of Vite's build manifest (`.vite/manifest.json`), keyed by source path or `_<chunk>`. */
export interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

export type Manifest = Record<string, ManifestChunk>;

/** What a page downloads: each chunk once, with the CSS those chunks bring. */
export interface RouteFiles {
  js: string[];
  css: string[];
}

/**
 * The files a route loads: the HTML entry and its static imports, then each lazily loaded module
 * (`lazy(() => import(...))`) the route renders, with its own static imports. A lazy module must be
 * a dynamic import of a chunk already loaded, so a stale route table fails instead of miscounting.
 */
export function routeFiles(manifest: Manifest, entryKey: string, lazyModules: readonly string[]): RouteFiles {
  const loaded = new Set<string>();
  const addWithStaticImports = (key: string): void => {
    if (loaded.has(key)) return;
    const chunk = manifest[key];
    if (!chunk) throw new Error(`the build manifest has no chunk for ${key}`);
    loaded.add(key);
    for (const imported of chunk.imports ?? []) addWithStaticImports(imported);
  };
  addWithStaticImports(entryKey);
  for (const lazyModule of lazyModules) {
    const importer = [...loaded].find((key) => manifest[key]?.dynamicImports?.includes(lazyModule));
    if (!importer) throw new Error(`${lazyModule} is not lazily imported by any chunk loaded before it`);
    addWithStaticImports(lazyModule);
  }
  const chunks = [...loaded].map((key) => manifest[key] as ManifestChunk);
  return {
    js: chunks.map((chunk) => chunk.file),
    css: [...new Set(chunks.flatMap((chunk) => chunk.css ?? []))],
  };
}

/** The manifest key of the HTML entry (`index.html`). */
export function htmlEntryKey(manifest: Manifest): string {
  const key = Object.keys(manifest).find((candidate) => manifest[candidate]?.isEntry);
  if (!key) throw new Error('the build manifest has no entry chunk');
  return key;
}
