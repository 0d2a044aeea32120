/**
 * The one error shape that crosses the host boundary, and its `[CODE] message` wire form. Kept apart from the
 * contract's schemas (and from zod) so the renderer's first screen can speak to the host without evaluating
 * them: the host parses every argument and every result with the contract, the page only reads the answers.
 */
export const HOST_ERROR_CODES = ['BAD_ARGUMENT', 'UNKNOWN_METHOD', 'FORBIDDEN', 'FAILED'] as const;
export type HostErrorCode = (typeof HOST_ERROR_CODES)[number];

export class HostError extends Error {
  constructor(
    readonly code: HostErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'HostError';
  }
}

/** Encoded in the message so it survives Electron's IPC error flattening: `[BAD_ARGUMENT] sip.uri: …`. */
export function encodeHostError(err: unknown): string {
  if (err instanceof HostError) return `[${err.code}] ${err.message}`;
  return `[FAILED] ${err instanceof Error ? err.message : String(err)}`;
}

export function decodeHostError(message: string): HostError {
  const m = /\[(BAD_ARGUMENT|UNKNOWN_METHOD|FORBIDDEN|FAILED)\]\s?([\s\S]*)$/.exec(message);
  if (!m) return new HostError('FAILED', message);
  return new HostError(m[1] as HostErrorCode, m[2] ?? '');
}
