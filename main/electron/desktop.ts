/** The Electron side of `Desktop`: electron-store, safeStorage, notifications, power, tray, updates. */
import { app, Menu, nativeImage, Notification, safeStorage, shell, Tray } from 'electron';
import ElectronStore from 'electron-store';
import type { Desktop } from '../host-services';
import type { OpenKeyValueFile, PasswordVault } from '../settings-store';
import type { Updater } from '../updates/update-service';
import type { ElectronApi } from './electron-api';
import { trayTexts } from '../host-texts';
import type { Translator } from '../../core/i18n';
import { callPowerBlocker } from './power';

export const openElectronStore: OpenKeyValueFile = (dir, name) => new ElectronStore({ cwd: dir, name });

/**
 * The SIP password, encrypted with safeStorage. On Linux without a keyring Electron falls back to `basic_text`
 * (a hard-coded key): we still store it, but say `basic_text` so the settings view warns the operator.
 */
export function safeStorageVault(dir: string): PasswordVault {
  const store = new ElectronStore<{ sipPassword?: string }>({ cwd: dir, name: 'credentials' });
  const available = safeStorage.isEncryptionAvailable();
  const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os';
  const protection = available && backend !== 'basic_text' && backend !== 'unknown' ? 'os' : 'basic_text';
  return {
    protection,
    load() {
      const stored = store.get('sipPassword');
      if (typeof stored !== 'string') return null;
      const bytes = Buffer.from(stored, 'base64');
      return available ? safeStorage.decryptString(bytes) : bytes.toString('utf8');
    },
    save(password) {
      if (password === null) return store.delete('sipPassword');
      const bytes = available ? safeStorage.encryptString(password) : Buffer.from(password, 'utf8');
      store.set('sipPassword', bytes.toString('base64'));
    },
  };
}

/** A 16×16 dot drawn in memory, so the tray needs no image file: grey when idle, amber when something waits. */
function trayDot(waiting: boolean): Electron.NativeImage {
  const size = 16;
  const bgra = Buffer.alloc(size * size * 4);
  const [b, g, r] = waiting ? [0x1f, 0x8f, 0xf0] : [0x80, 0x78, 0x70];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const inside = (x - 7.5) ** 2 + (y - 7.5) ** 2 <= 42;
      bgra.set(inside ? [b, g, r, 0xff] : [0, 0, 0, 0], (y * size + x) * 4);
    }
  }
  return nativeImage.createFromBitmap(bgra, { width: size, height: size });
}

export function electronDesktop(options: {
  userDataDir: string;
  showWindow: () => void;
  readyToQuit: () => void;
  powerSaveBlocker: ElectronApi['powerSaveBlocker'];
  updater: Updater | null;
  /** i18n (issue 14): the host's translator for the operator's language as it is now. */
  translator: () => Translator;
}): Desktop & { dispose(): void } {
  const power = callPowerBlocker(options.powerSaveBlocker);
  let tray: Tray | null = null;
  // Relabelled on every change of attention, so a language chosen in Settings reaches the tray too.
  const label = (waiting: { count: number; reason: string }) => {
    const texts = trayTexts(options.translator().t, waiting);
    tray?.setToolTip(texts.tooltip);
    tray?.setContextMenu(
      Menu.buildFromTemplate([
        { label: texts.show, click: options.showWindow },
        { label: texts.quit, click: () => app.quit() },
      ]),
    );
  };
  try {
    tray = new Tray(trayDot(false));
    tray.on('click', options.showWindow);
    label({ count: 0, reason: '' });
  } catch {
    // Some Linux desktops have no tray; the badge count still works where supported.
    tray = null;
  }
  return {
    mode: 'electron',
    version: app.getVersion(),
    translator: options.translator,
    details: {
      electron: process.versions.electron ?? '',
      chromium: process.versions.chrome ?? '',
    },
    openStore: openElectronStore,
    vault: safeStorageVault(options.userDataDir),
    notify({ title, body }) {
      if (Notification.isSupported()) new Notification({ title, body, silent: true }).show();
    },
    setCallActive: (active) => power.setCallActive(active),
    setAttention(count, reason) {
      app.setBadgeCount(count);
      tray?.setImage(trayDot(count > 0));
      label({ count, reason });
    },
    // main-app.ts's `openExternal` (through the typed Electron API, tested against the fake) replaces this one.
    openExternal: (url) => shell.openExternal(url),
    readyToQuit: options.readyToQuit,
    updater: options.updater,
    dispose() {
      power.dispose();
      tray?.destroy();
    },
  };
}
