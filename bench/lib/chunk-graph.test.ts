import { describe, expect, it } from 'vitest';
import { htmlEntryKey, type Manifest, routeFiles } from './chunk-graph.ts';

// The shape Vite writes: the entry statically imports shared chunks and lazily imports pages, which
// import the entry and shared chunks back.
const manifest: Manifest = {
  'index.html': {
    file: 'assets/index.js',
    isEntry: true,
    imports: ['_runtime.js', '_config.js'],
    dynamicImports: ['src/SignIn.tsx', 'src/SignedIn.tsx'],
    css: ['assets/index.css'],
  },
  '_runtime.js': { file: 'assets/runtime.js' },
  '_config.js': { file: 'assets/config.js', imports: ['_runtime.js'] },
  '_auth.js': { file: 'assets/auth.js', imports: ['_config.js'] },
  'src/SignIn.tsx': {
    file: 'assets/SignIn.js',
    isDynamicEntry: true,
    imports: ['index.html', '_auth.js'],
    css: ['assets/SignIn.css'],
  },
  'src/SignedIn.tsx': {
    file: 'assets/SignedIn.js',
    isDynamicEntry: true,
    imports: ['index.html', '_auth.js'],
    dynamicImports: ['src/Dashboard.tsx'],
  },
  'src/Dashboard.tsx': { file: 'assets/Dashboard.js', isDynamicEntry: true, imports: ['src/SignedIn.tsx'] },
};

describe('routeFiles', () => {
  it('counts the entry and its static imports once for a page with no lazy modules', () => {
    expect(routeFiles(manifest, 'index.html', [])).toEqual({
      js: ['assets/index.js', 'assets/runtime.js', 'assets/config.js'],
      css: ['assets/index.css'],
    });
  });

  it('adds each lazy module with the static imports it shares, each chunk once', () => {
    const files = routeFiles(manifest, 'index.html', ['src/SignedIn.tsx', 'src/Dashboard.tsx']);
    expect(files.js.sort()).toEqual(
      [
        'assets/Dashboard.js',
        'assets/SignedIn.js',
        'assets/auth.js',
        'assets/config.js',
        'assets/index.js',
        'assets/runtime.js',
      ].sort(),
    );
    expect(files.css).toEqual(['assets/index.css']);
  });

  it('brings the CSS of lazily loaded chunks', () => {
    expect(routeFiles(manifest, 'index.html', ['src/SignIn.tsx']).css).toEqual([
      'assets/index.css',
      'assets/SignIn.css',
    ]);
  });

  it('refuses a lazy module that nothing loaded so far imports', () => {
    expect(() => routeFiles(manifest, 'index.html', ['src/Dashboard.tsx'])).toThrow(/not lazily imported/);
    expect(() => routeFiles(manifest, 'index.html', ['src/Missing.tsx'])).toThrow(/not lazily imported/);
  });
});

describe('htmlEntryKey', () => {
  it('finds the entry chunk', () => {
    expect(htmlEntryKey(manifest)).toBe('index.html');
  });
});
