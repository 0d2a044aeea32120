/**
 * Keyboard shortcuts of the console: one id per operator action, a default key for each, and the operator's
 * own choices from `settings.shortcuts` (action id → key, e.g. `"accept": "Alt+A"`). Keys are written
 * `Ctrl+Alt+Shift+Meta+<key>` in that order, `<key>` being a letter, a digit, `F1`…`F12`, `Enter`, `Space`,
 * `Escape` or another KeyboardEvent.key name. Letters and digits are read from the physical key (`code`) so
 * Alt+A stays Alt+A on a Mac, where Alt changes the character typed.
 *
 * To add an action: add it to `consoleActions` with a default that no other action uses, and handle it
 * where the console calls `useShortcuts`.
 */

export const consoleActions = [
  { id: 'toggleReady', label: 'shortcut.toggleReady', key: 'Alt+Y' },
  { id: 'accept', label: 'shortcut.accept', key: 'Alt+A' },
  { id: 'decline', label: 'shortcut.decline', key: 'Alt+D' },
  { id: 'callNow', label: 'shortcut.callNow', key: 'Alt+C' },
  { id: 'reject', label: 'shortcut.reject', key: 'Alt+R' },
  { id: 'hangUp', label: 'shortcut.hangUp', key: 'Alt+H' },
  { id: 'mute', label: 'shortcut.mute', key: 'Alt+M' },
  { id: 'hold', label: 'shortcut.hold', key: 'Alt+O' },
  { id: 'complete', label: 'shortcut.complete', key: 'Ctrl+Enter' },
] as const;

export type ConsoleActionId = (typeof consoleActions)[number]['id'];

export type ShortcutMap = Record<ConsoleActionId, string>;

const MODIFIERS = ['Ctrl', 'Alt', 'Shift', 'Meta'] as const;

/** One printable character, or a KeyboardEvent.key name such as F4, Enter, ArrowUp, PageDown. */
const KEY_NAME = /^(\S|F([1-9]|1[0-2])|[A-Z][A-Za-z]+)$/;

/** Writes a key combination the one way this file compares them: `ctrl+a` → `Ctrl+A`. */
export function normaliseCombo(text: string): string | null {
  const parts = text
    .split('+')
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) return null;
  const mods = new Set<string>();
  let key: string | null = null;
  for (const p of parts) {
    const m = MODIFIERS.find(
      (x) => x.toLowerCase() === p.toLowerCase() || (x === 'Ctrl' && /^control$/i.test(p)),
    );
    if (m) mods.add(m);
    else if (key === null) key = p.length === 1 ? p.toUpperCase() : p[0]!.toUpperCase() + p.slice(1);
    else return null;
  }
  if (!key || !KEY_NAME.test(key)) return null;
  return [...MODIFIERS.filter((m) => mods.has(m)), key].join('+');
}

/** The combination a key press makes, or null for a lone modifier. */
export function comboOf(
  e: Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'altKey' | 'shiftKey' | 'metaKey'>,
): string | null {
  if (['Control', 'Alt', 'Shift', 'Meta', 'AltGraph'].includes(e.key)) return null;
  let key: string;
  if (/^Key[A-Z]$/.test(e.code)) key = e.code.slice(3);
  else if (/^Digit[0-9]$/.test(e.code)) key = e.code.slice(5);
  else if (e.key === ' ') key = 'Space';
  else key = e.key.length === 1 ? e.key.toUpperCase() : e.key;
  const mods = [e.ctrlKey && 'Ctrl', e.altKey && 'Alt', e.shiftKey && 'Shift', e.metaKey && 'Meta'].filter(
    Boolean,
  );
  return [...mods, key].join('+');
}

/** Defaults overlaid with the operator's valid choices; an unusable entry falls back to the default. */
export function effectiveShortcuts(fromSettings: Record<string, string>): ShortcutMap {
  const map = {} as ShortcutMap;
  for (const a of consoleActions) {
    const own = fromSettings[a.id] ? normaliseCombo(fromSettings[a.id]!) : null;
    map[a.id] = own && isUsableShortcut(own) ? own : a.key;
  }
  return map;
}

/** Actions that share a key (the operator's settings may make one); the console warns about them. */
export function clashes(map: ShortcutMap): string[] {
  const byKey = new Map<string, ConsoleActionId[]>();
  for (const a of consoleActions) byKey.set(map[a.id], [...(byKey.get(map[a.id]) ?? []), a.id]);
  return [...byKey.entries()]
    .filter(([, ids]) => ids.length > 1)
    .map(([key, ids]) => `${key}: ${ids.join(', ')}`);
}

/** Plain keys (no Ctrl/Alt/Meta) would fire while the operator types a note; shortcuts need a modifier or F-key. */
export function isUsableShortcut(combo: string): boolean {
  return /(^|\+)(Ctrl|Alt|Meta)\+/.test(combo) || /^(Shift\+)?F([1-9]|1[0-2])$/.test(combo);
}

export function actionForEvent(map: ShortcutMap, e: KeyboardEvent): ConsoleActionId | null {
  const combo = comboOf(e);
  if (!combo) return null;
  const hit = consoleActions.find((a) => map[a.id] === combo);
  return hit ? hit.id : null;
}
