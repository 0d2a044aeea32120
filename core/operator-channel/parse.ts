/** Parsing one WebSocket text frame with either direction's schema. */
import type { z } from 'zod';

/** Parses one WebSocket text frame from either side; a clear message on failure, never a throw. */
export function parseChannelMessage<S extends z.ZodType>(
  schema: S,
  raw: string,
): { ok: true; message: z.infer<S> } | { ok: false; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, error: 'message is not JSON' };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    return { ok: false, error: issues };
  }
  return { ok: true, message: parsed.data };
}
