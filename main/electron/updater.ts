/**
 * electron-updater's `autoUpdater` as the host's `Updater` (main/updates/update-service.ts decides when to
 * install). The feed is a generic HTTP folder: `<url>/<channel>.yml` (`latest-mac.yml`, `latest-linux.yml` on
 * those OSes) next to the installers, as `npm run dist` writes them. See docs/IT.md, "Update feed".
 */
import type { AppUpdater } from 'electron-updater';
// Not re-exported by the package's entry point.
import type { AppUpdaterEvents } from 'electron-updater/out/AppUpdater';
import type { Updater, UpdaterEvent } from '../updates/update-service';

/** The part of `autoUpdater` used here, typed from electron-updater's declarations (tests pass a fake). */
export type AutoUpdaterApi = Pick<
  AppUpdater,
  'setFeedURL' | 'checkForUpdates' | 'quitAndInstall' | 'autoDownload' | 'autoInstallOnAppQuit'
> & { on<U extends keyof AppUpdaterEvents>(event: U, listener: AppUpdaterEvents[U]): unknown };

export function electronUpdater(autoUpdater: AutoUpdaterApi): Updater {
  // Download in the background; installing is our decision (never mid-call), or happens when the operator quits.
  autoUpdater.autoDownload = true;
  autoUpdater.autoInstallOnAppQuit = true;
  return {
    configure({ url, channel }) {
      autoUpdater.setFeedURL({ provider: 'generic', url, channel });
    },
    async check() {
      await autoUpdater.checkForUpdates();
    },
    onEvent(listener: (e: UpdaterEvent) => void) {
      autoUpdater.on('checking-for-update', () => listener({ type: 'checking' }));
      autoUpdater.on('update-not-available', () => listener({ type: 'none' }));
      autoUpdater.on('update-available', (info) => listener({ type: 'downloading', version: info.version }));
      autoUpdater.on('update-downloaded', (info) => listener({ type: 'downloaded', version: info.version }));
      autoUpdater.on('error', (err) => listener({ type: 'error', message: err.message }));
    },
    install() {
      // Not silent: the Windows installer shows its progress. Start Dialdeck again afterwards.
      autoUpdater.quitAndInstall(false, true);
    },
  };
}
