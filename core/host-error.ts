/**
 * The one error shape that crosses the host boundary, and its `[CODE] message` wire form. Kept apart from the
 * contract's schemas (and from zod) so the renderer's first screen can speak to the host without evaluating
 * them: the host parses every argument and every result with the contract, the page only reads the answers.
 */
import type { UiText } from './i18n/text';

export const HOST_ERROR_CODES = ['BAD_ARGUMENT', 'UNKNOWN_METHOD', 'FORBIDDEN', 'FAILED'] as const;
export type HostErrorCode = (typeof HOST_ERROR_CODES)[number];

export class HostError extends Error {
  constructor(
    readonly code: HostErrorCode,
    message: string,
    /** What the operator reads, as a catalog key and values; `message` stays the English line for logs. */
    readonly text: UiText | null = null,
  ) {
    super(message);
    this.name = 'HostError';
  }
}

/** Encoded in the message so it survives Electron's IPC error flattening: `[BAD_ARGUMENT] sip.uri: …`. */
export function encodeHostError(err: unknown): string {
  if (err instanceof HostError)
    return `[${err.code}] ${err.message}${err.text ? `${TEXT_MARK}${JSON.stringify(err.text)}` : ''}`;
  return `[FAILED] ${err instanceof Error ? err.message : String(err)}`;
}

export function decodeHostError(wire: string): HostError {
  const at = wire.lastIndexOf(TEXT_MARK);
  const message = at >= 0 ? wire.slice(0, at) : wire;
  const text = at >= 0 ? parseText(wire.slice(at + TEXT_MARK.length)) : null;
  const m = /\[(BAD_ARGUMENT|UNKNOWN_METHOD|FORBIDDEN|FAILED)\]\s?([\s\S]*)$/.exec(message);
  if (!m) return new HostError('FAILED', message, text);
  return new HostError(m[1] as HostErrorCode, m[2] ?? '', text);
}

/** The operator's text rides after the English message, on a line of its own. */
const TEXT_MARK = '\n@text ';

/** A shape check, not a schema: the page translates the key only if its own catalog has it (`has`). */
function parseText(json: string): UiText | null {
  try {
    const v = JSON.parse(json) as { key?: unknown; values?: unknown };
    if (typeof v.key !== 'string') return null;
    const values =
      typeof v.values === 'object' && v.values !== null ? (v.values as UiText['values']) : undefined;
    return { key: v.key as UiText['key'], ...(values ? { values } : {}) };
  } catch {
    return null;
  }
}
