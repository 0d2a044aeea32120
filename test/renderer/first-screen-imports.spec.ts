/**
 * The phone's path to Registered stays small (issue 15, first screen): the entry (renderer/index.tsx), what it
 * imports eagerly, and the phone it loads before registration (renderer/calls/phone-start.ts) must not import the
 * shell, React, zod, the console, supervisor or settings views, the operator channel or the translator. Whatever they
 * import statically is downloaded and evaluated before the REGISTER leaves; code that only the views need belongs
 * behind the shell's import (renderer/root.tsx), which the entry loads once registration has settled.
 *
 * The graph is read from the sources with TypeScript's parser: static `import` and `export … from` only
 * (`import type` is erased; `import()` is the split point and is followed only where the first screen takes it).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import ts from 'typescript';

const root = resolve(import.meta.dirname, '..', '..');

/** The first screen's modules: the entry, and the phone it imports before registration settles (renderer/boot.ts). */
const FIRST_SCREEN = ['renderer/index.tsx', 'renderer/calls/phone-start.ts'];

/** What Registered must not wait for, and why. */
const NOT_ON_THE_PHONE_PATH: Array<[RegExp, string]> = [
  [/^pkg:react(-dom)?$/, 'React belongs to the shell'],
  [
    /^pkg:intl-messageformat$/,
    'the translator is the views’ (the phone keeps sentences as keys: core/i18n/text.ts)',
  ],
  [/^pkg:(markdown-it|libphonenumber-js)$/, 'a library only a view uses'],
  [
    /^pkg:zod$/,
    'zod was 89 of the phone chunk’s 398 KiB: the phone’s inputs are checked by hand (core/plain-checks.ts)',
  ],
  [/^renderer\/(root|app)\.tsx$/, 'the shell is imported once registration has settled'],
  [/^renderer\/(console|admin|settings|history|about|i18n)\//, 'a view, or the views’ translator'],
  [/^renderer\/calls\/.*\.tsx$/, 'a React component'],
  [
    /^core\/contract\.ts$/,
    'the contract’s schemas (the host sends its method names: renderer/host-connect.ts)',
  ],
  [/^core\/operator-channel\//, 'the campaign link is the console’s'],
  [
    /^core\/i18n\/(index|translate|server-texts|connection-problem)\.ts$/,
    'the translator and the server’s words',
  ],
];

type Edge = { to: string; from: string };

/** Static imports of one file that are evaluated with it (not type-only, not dynamic). */
function staticImports(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TSX);
  const specifiers: string[] = [];
  for (const node of source.statements) {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      if (clause?.isTypeOnly) continue;
      const named = clause?.namedBindings;
      const onlyTypes =
        clause &&
        !clause.name &&
        named &&
        ts.isNamedImports(named) &&
        named.elements.length > 0 &&
        named.elements.every((e) => e.isTypeOnly);
      if (onlyTypes) continue;
      specifiers.push((node.moduleSpecifier as ts.StringLiteral).text);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && !node.isTypeOnly) {
      const named = node.exportClause;
      if (
        named &&
        ts.isNamedExports(named) &&
        named.elements.length > 0 &&
        named.elements.every((e) => e.isTypeOnly)
      )
        continue;
      specifiers.push((node.moduleSpecifier as ts.StringLiteral).text);
    }
  }
  return specifiers;
}

function resolveImport(from: string, specifier: string): string {
  if (!specifier.startsWith('.')) {
    const parts = specifier.split('/');
    return `pkg:${parts.slice(0, specifier.startsWith('@') ? 2 : 1).join('/')}`;
  }
  const base = join(dirname(from), specifier);
  for (const candidate of [
    base,
    `${base}.ts`,
    `${base}.tsx`,
    join(base, 'index.ts'),
    join(base, 'index.tsx'),
  ]) {
    if (/\.(ts|tsx|css)$/.test(candidate) && existsSync(join(root, candidate))) return candidate;
  }
  throw new Error(`${from}: cannot resolve ${specifier}`);
}

/** Every module the first screen evaluates, each with the module that first pulled it in. */
function firstScreenGraph(): Map<string, Edge> {
  const seen = new Map<string, Edge>();
  const queue = FIRST_SCREEN.map((file) => ({ to: file, from: '(first screen)' }));
  while (queue.length) {
    const edge = queue.shift()!;
    if (seen.has(edge.to)) continue;
    seen.set(edge.to, edge);
    if (edge.to.startsWith('pkg:') || edge.to.endsWith('.css')) continue;
    for (const specifier of staticImports(edge.to))
      queue.push({ to: resolveImport(edge.to, specifier), from: edge.to });
  }
  return seen;
}

function chain(graph: Map<string, Edge>, module: string): string {
  const steps = [module];
  for (let at = graph.get(module); at && graph.has(at.from); at = graph.get(at.from)) steps.unshift(at.from);
  return steps.join(' → ');
}

test('the phone’s path to Registered imports no view, React, zod, contract schemas or translator', () => {
  const graph = firstScreenGraph();
  const offending: string[] = [];
  for (const module of graph.keys())
    for (const [pattern, why] of NOT_ON_THE_PHONE_PATH)
      if (pattern.test(module)) offending.push(`${chain(graph, module)}  (${why})`);
  expect(offending, 'modules Registered would wait for').toEqual([]);
});

test('the first-screen graph is read as the bundler reads it', () => {
  const graph = firstScreenGraph();
  // Sanity: the walk reaches the phone's engine and JsSIP, and stops at dynamic imports (the shell).
  expect(graph.has('renderer/boot.ts')).toBe(true);
  expect(graph.has('renderer/phone/phone.ts')).toBe(true);
  expect(graph.has('pkg:jssip')).toBe(true);
  expect(
    [...graph.keys()].filter((m) => m.startsWith('renderer/')).map((m) => relative('renderer', m)),
  ).not.toContain('root.tsx');
});
