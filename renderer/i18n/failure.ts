/**
 * A failure the host reported, in the operator's words (issue 14): the host's own sentence when it coded one
 * (`HostError.text`), else none; the exception's raw text is kept apart, for a details line for IT.
 */
import { HostError } from '../../core/host-error';
import { say } from '../../core/i18n';
import type { Translator } from './i18n';

export type FailureWords = { why: string | null; forIt: string };

export function failureWords({ t, has }: Pick<Translator, 't' | 'has'>, err: unknown): FailureWords {
  const forIt = err instanceof Error ? err.message : String(err);
  if (!(err instanceof HostError) || !err.text || !has(err.text.key)) return { why: null, forIt };
  try {
    return { why: say(t, err.text), forIt };
  } catch {
    // a coded sentence whose values did not all arrive: no sentence, the raw text still reaches IT
    return { why: null, forIt };
  }
}
