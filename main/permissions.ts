/**
 * The permission policy of the window: only our own origin, and only audio capture, notifications and speaker
 * selection. Electron-free so it is unit-tested; main/electron/window.ts wires it to the session handlers.
 */
export const APP_ORIGIN = 'app://dialdeck';

export type PermissionAsk = {
  permission: string;
  /** The origin (or a URL) of the frame that asks. */
  origin: string;
  /** For `media`: what it wants to capture (Electron's `mediaTypes` / `mediaType`). */
  mediaTypes?: ReadonlyArray<string>;
};

const granted = new Set(['notifications', 'speaker-selection']);

export function originOf(url: string): string {
  try {
    const u = new URL(url);
    // Non-special schemes (app:) report origin "null"; rebuild it from the parts.
    return u.origin !== 'null' ? u.origin : `${u.protocol}//${u.host}`;
  } catch {
    return '';
  }
}

export function allowPermission(ask: PermissionAsk): boolean {
  if (originOf(ask.origin) !== APP_ORIGIN) return false;
  if (ask.permission === 'media') {
    const types = ask.mediaTypes ?? [];
    // A request that does not say what it captures is refused: the camera stays off.
    return types.length > 0 && types.every((t) => t === 'audio');
  }
  return granted.has(ask.permission);
}
