/**
 * `npm start` where Electron cannot run: serves browser mode and prints its URL; Ctrl-C stops it.
 *   tsx main/browser-cli.ts [--port N] [--user-data DIR]
 *   tsx main/browser-cli.ts --save-diagnostics <zip or folder> [--user-data DIR]   (IT scripts; see docs/IT.md)
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileVault, readVersion, startBrowserHost } from './browser-host';
import { runSaveDiagnostics } from './diagnostics/cli';
import { readEffectivePolicy } from './policy';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.DIALDECK_PORT ?? '0' },
    'user-data': { type: 'string' },
    'save-diagnostics': { type: 'string' },
  },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number, not ${values.port}`);
  process.exit(2);
}
const userDataDir =
  values['user-data'] ?? process.env.DIALDECK_USER_DATA ?? join(homedir(), '.config', 'dialdeck-browser');

if (values['save-diagnostics'] !== undefined) {
  const vault = fileVault(userDataDir);
  process.exit(
    await runSaveDiagnostics(values['save-diagnostics'], {
      userDataDir,
      app: { name: 'Dialdeck', version: readVersion(), mode: 'browser' },
      password: () => vault.load(),
      // The zip says which policy is in force on this workstation, as the running app would read it.
      policy: () => readEffectivePolicy({ mode: 'browser', testMode: false }),
    }),
  );
}

const host = await startBrowserHost({ port, userDataDir });
console.log(`Dialdeck (browser mode): open ${host.url} in Chromium or Chrome — settings in ${userDataDir}`);

const stop = async () => {
  await host.stop();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
