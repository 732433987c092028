import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** One import of one of our files by another, as repository paths. */
export interface Import {
  from: string;
  to: string;
  /** `import type`: erased at build time, so it carries no code across. */
  typeOnly: boolean;
}

const SOURCE = /\.(ts|tsx|js|mjs)$/;

/** The source files git tracks (and untracked ones it does not ignore). */
export function sourceFiles(): string[] {
  return execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
    .split('\n')
    .filter((path) => SOURCE.test(path) && !path.includes('node_modules/'));
}

/** Every relative import (static, dynamic, re-export) of every source file. */
export function importsOf(files: readonly string[]): Import[] {
  const imports: Import[] = [];
  for (const from of files) {
    const text = readFileSync(join(ROOT, from), 'utf8');
    const source = ts.createSourceFile(from, text, ts.ScriptTarget.Latest, false);
    const visit = (node: ts.Node): void => {
      const specifier = moduleSpecifierOf(node);
      if (specifier?.startsWith('.')) {
        imports.push({
          from,
          to: normalize(relative(ROOT, join(ROOT, dirname(from), specifier))),
          typeOnly: isTypeOnly(node),
        });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return imports;
}

function moduleSpecifierOf(node: ts.Node): string | undefined {
  if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
    return ts.isStringLiteral(node.moduleSpecifier) ? node.moduleSpecifier.text : undefined;
  }
  if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
    const [argument] = node.arguments;
    return argument && ts.isStringLiteralLike(argument) ? argument.text : undefined;
  }
  if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
    const literal = node.argument.literal;
    return ts.isStringLiteral(literal) ? literal.text : undefined;
  }
  return undefined;
}

function isTypeOnly(node: ts.Node): boolean {
  if (ts.isImportTypeNode(node)) return true;
  if (ts.isImportDeclaration(node)) {
    const clause = node.importClause;
    if (!clause) return false;
    if (clause.isTypeOnly) return true;
    const bindings = clause.namedBindings;
    return (
      !clause.name &&
      bindings !== undefined &&
      ts.isNamedImports(bindings) &&
      bindings.elements.length > 0 &&
      bindings.elements.every((element) => element.isTypeOnly)
    );
  }
  return ts.isExportDeclaration(node) && node.isTypeOnly;
}
