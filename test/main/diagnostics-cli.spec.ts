import { expect, test } from '@playwright/test';
import { execFile } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runSaveDiagnostics, saveDiagnosticsTarget } from '../../main/diagnostics/cli';
import { pruneDiagnostics } from '../../main/diagnostics/service';
import { openAppLog } from '../../main/log';
import { tempDir } from './fixtures';
import { unzipText } from './diagnostics-unzip';

test('--save-diagnostics is found in the argv shapes IT scripts and shortcuts produce', () => {
  expect(saveDiagnosticsTarget(['/opt/Dialdeck/dialdeck', '--save-diagnostics', '/tmp/d.zip'])).toBe(
    '/tmp/d.zip',
  );
  expect(saveDiagnosticsTarget(['Dialdeck.exe', '--save-diagnostics=C:\\Temp\\d.zip'])).toBe(
    'C:\\Temp\\d.zip',
  );
  expect(saveDiagnosticsTarget(['Dialdeck.exe', '--save-diagnostics'])).toBe('');
  expect(saveDiagnosticsTarget(['Dialdeck.exe', 'tel:+15551234567'])).toBeNull();
});

test('the command line writes the zip into a folder with its dated name, and says where in one line', async () => {
  const tmp = tempDir();
  try {
    openAppLog(join(tmp.dir, 'logs', 'dialdeck.log')).write({ level: 'info', message: 'hello from the app' });
    const lines: string[] = [];
    const out = join(tmp.dir, 'out') + '/';
    const code = await runSaveDiagnostics(
      out,
      {
        userDataDir: tmp.dir,
        app: { name: 'Dialdeck', version: '1.2.3', mode: 'electron' },
        password: () => null,
      },
      (l) => lines.push(l),
    );
    expect(code).toBe(0);
    expect(lines).toHaveLength(1);
    const [file] = readdirSync(out);
    expect(file).toMatch(/^dialdeck-diagnostics-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.zip$/);
    expect(lines[0]).toContain(join(out, file!));
    const zip = await unzipText(join(out, file!));
    expect(zip.get('logs/dialdeck.log')).toContain('hello from the app');
    expect(JSON.parse(zip.get('settings.json')!)).toMatchObject({
      settings: null,
      problem: 'no settings file yet',
    });

    expect(
      await runSaveDiagnostics(
        '',
        { userDataDir: tmp.dir, app: { name: 'D', version: '1', mode: 'x' }, password: () => null },
        (l) => lines.push(l),
      ),
    ).toBe(1);
    expect(lines[1]).toContain('needs a path');
  } finally {
    tmp.remove();
  }
});

test('browser mode takes the flag: npx tsx main/browser-cli.ts --save-diagnostics <file>', async () => {
  const tmp = tempDir();
  try {
    const target = join(tmp.dir, 'it-script.zip');
    const { stdout } = await promisify(execFile)(
      'node_modules/.bin/tsx',
      ['main/browser-cli.ts', '--user-data', tmp.dir, '--save-diagnostics', target],
      { timeout: 30_000 },
    );
    expect(stdout.trim()).toMatch(/^diagnostics saved to .*it-script\.zip \(\d+ bytes, \d+ entries\)$/);
    expect([...(await unzipText(target)).keys()]).toContain('versions.json');
  } finally {
    tmp.remove();
  }
});

test('the default folder keeps only the newest zips', () => {
  const tmp = tempDir();
  try {
    const names = Array.from(
      { length: 13 },
      (_, i) => `dialdeck-diagnostics-2026-11-${String(i + 10)}T08-00-00Z.zip`,
    );
    for (const n of [...names, 'notes.txt']) writeFileSync(join(tmp.dir, n), 'x');
    pruneDiagnostics(tmp.dir, 10);
    expect(readdirSync(tmp.dir).sort()).toEqual([...names.slice(3), 'notes.txt'].sort());
  } finally {
    tmp.remove();
  }
});
