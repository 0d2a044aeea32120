// Where the Electron binary is, or why it cannot run here. Read without `require('electron')`, which would
// try to download the binary (from GitHub, unreachable on machines like the CI one).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** @returns {{ path: string } | { missing: string }} */
export function findElectronBinary(root = process.cwd()) {
  const pkg = join(root, 'node_modules', 'electron');
  if (!existsSync(pkg))
    return { missing: 'the electron package is not installed (node_modules/electron missing)' };
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const p = join(
      process.env.ELECTRON_OVERRIDE_DIST_PATH,
      process.platform === 'win32' ? 'electron.exe' : 'electron',
    );
    return existsSync(p)
      ? { path: p }
      : { missing: `ELECTRON_OVERRIDE_DIST_PATH has no electron binary (${p})` };
  }
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) {
    return { missing: 'the Electron binary is not installed (node_modules/electron/path.txt missing)' };
  }
  const binary = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(binary)) return { missing: `the Electron binary is missing (${binary})` };
  return { path: binary };
}
