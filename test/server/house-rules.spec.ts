/**
 * Two rules of the house, checked on the source: the engine's modules import each other without cycles (so
 * each job can be read, and changed, on its own), and SQL lives only in server/store/ — the engine, the
 * Public API, the operator channel and the host ask the store's named queries instead.
 */
import { test, expect } from '@playwright/test';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.tsx?$/.test(name)) out.push(path);
  }
  return out;
}

/** Relative imports of a file (value and type imports, re-exports), resolved to files. */
function localImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(/\b(?:import|export)\b[^'";]*?\bfrom\s+['"](\.[^'"]+)['"]/g)) {
    const target = resolve(dirname(file), m[1]!);
    for (const candidate of [`${target}.ts`, `${target}.tsx`, join(target, 'index.ts')]) {
      if (existsSync(candidate)) {
        found.push(candidate);
        break;
      }
    }
  }
  return found;
}

/** The first import cycle among `files`, as a path of file names; null when there is none. */
function findCycle(files: string[]): string[] | null {
  const inside = new Set(files);
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string): string[] | null => {
    state.set(f, 'visiting');
    stack.push(f);
    for (const next of localImports(f).filter((g) => inside.has(g))) {
      if (state.get(next) === 'visiting') return [...stack.slice(stack.indexOf(next)), next];
      if (!state.has(next)) {
        const cycle = visit(next);
        if (cycle) return cycle;
      }
    }
    stack.pop();
    state.set(f, 'done');
    return null;
  };
  for (const f of files) {
    if (state.has(f)) continue;
    const cycle = visit(f);
    if (cycle) return cycle.map((c) => relative(root, c));
  }
  return null;
}

test('the engine modules import each other without cycles, and so do the store modules', () => {
  for (const dir of ['server/engine', 'server/store']) {
    const files = sourceFiles(join(root, dir));
    expect(files.length, dir).toBeGreaterThan(3);
    expect(findCycle(files), `import cycle in ${dir}`).toBeNull();
  }
});

test('the cycle check finds a cycle when there is one', () => {
  // Guards the check itself: a graph read from these two fixtures must report a → b → a.
  const dir = join(root, 'test/server/fixtures/import-cycle');
  expect(findCycle(sourceFiles(dir))).toEqual([
    'test/server/fixtures/import-cycle/a.ts',
    'test/server/fixtures/import-cycle/b.ts',
    'test/server/fixtures/import-cycle/a.ts',
  ]);
});

/** A statement, not prose: keywords in capitals as the code writes them. */
const SQL = /\bSELECT\b[^;]*?\bFROM\b|\bINSERT\s+INTO\b|\bUPDATE\s+[a-z_]+\s+SET\b|\bDELETE\s+FROM\b/;

test('no SQL outside server/store/: the engine, the API, the operator channel and the host use named queries', () => {
  const files = [...sourceFiles(join(root, 'server')), ...sourceFiles(join(root, 'main'))]
    .map((f) => relative(root, f))
    .filter((f) => !f.startsWith('server/store/'));
  expect(files).toContain('server/engine/engine.ts');
  expect(files).toContain('main/campaign/campaign-service.ts');
  expect(files).toContain('server/api/routes/contacts.ts');
  expect(files.filter((f) => SQL.test(readFileSync(join(root, f), 'utf8')))).toEqual([]);
});

test('the SQL check recognises statements and leaves prose alone', () => {
  expect(SQL.test('await tx.query(`SELECT id FROM operators WHERE login = $1`)')).toBe(true);
  expect(SQL.test("'UPDATE operators SET sip_user = $2'")).toBe(true);
  expect(SQL.test('INSERT INTO timers (kind) VALUES ($1)')).toBe(true);
  expect(SQL.test("'DELETE FROM blacklist WHERE phone = $1'")).toBe(true);
  expect(SQL.test('// assignment locks with FOR UPDATE SKIP LOCKED; select the row from the queue')).toBe(
    false,
  );
});
