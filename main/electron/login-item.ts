/**
 * Start at login, from the `startup.atLogin` setting (which IT may lock on or off by policy). Windows and macOS
 * have a login-item API; Linux desktops follow the XDG autostart spec: a `.desktop` file in
 * `~/.config/autostart`.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppApi } from './electron-api';

export type LoginItemOptions = {
  platform: NodeJS.Platform;
  /** What the OS should run: the app's executable, or the AppImage file (`$APPIMAGE`) on Linux. */
  exec: string;
  /** `$XDG_CONFIG_HOME/autostart` (Linux only). */
  autostartDir: string;
};

export const AUTOSTART_FILE = 'dialdeck.desktop';

export function applyStartAtLogin(app: AppApi, enabled: boolean, o: LoginItemOptions): void {
  if (o.platform === 'linux') return linuxAutostart(enabled, o);
  // Started by the OS at login: come up in the tray, not in the operator's face.
  app.setLoginItemSettings({ openAtLogin: enabled, args: enabled ? ['--hidden'] : [] });
}

function linuxAutostart(enabled: boolean, o: LoginItemOptions): void {
  const file = join(o.autostartDir, AUTOSTART_FILE);
  if (!enabled) {
    if (existsSync(file)) rmSync(file);
    return;
  }
  mkdirSync(o.autostartDir, { recursive: true });
  const exec = /[\s"\\]/.test(o.exec) ? `"${o.exec.replace(/(["\\`$])/g, '\\$1')}"` : o.exec;
  writeFileSync(
    file,
    [
      '[Desktop Entry]',
      'Type=Application',
      'Name=Dialdeck',
      `Exec=${exec} --hidden`,
      'X-GNOME-Autostart-enabled=true',
      '',
    ].join('\n'),
  );
}
