import { HostError } from '../../core/host-error';
import type { ApiProblem } from '../../core/api-problem';
import { apiProblemText, say, type UiText } from '../../core/i18n';
import type { Translator } from '../i18n/i18n';

type Words = Pick<Translator, 't' | 'has'>;

/** The words for `text`, or the English as it came when there are none (a server of another version). */
function sayOr({ t, has }: Words, text: UiText | null | undefined, english: string): string {
  if (!text || !has(text.key)) return english;
  try {
    return say(t, text);
  } catch {
    // A code whose values did not all arrive: its English words still say it.
    return english;
  }
}

/**
 * A refusal or failure the supervisor should read, in their language: the host hands the server's problem code
 * over as a `UiText`; anything without one (a server from before the codes) is shown as it came.
 */
export function problemText(words: Words, err: unknown): string {
  const english = err instanceof Error ? err.message : String(err);
  return sayOr(words, err instanceof HostError ? err.text : null, english);
}

/** A refused CSV row: its code's words, else the server's English message. */
export function rowProblemText(words: Words, e: { message: string } & Partial<ApiProblem>): string {
  return sayOr(
    words,
    e.code ? apiProblemText({ code: e.code, params: e.params }, 'contact') : null,
    e.message,
  );
}

export function ProblemBanner({ problem }: { problem: string | null }) {
  if (!problem) return null;
  return (
    <div className="banner banner-error" role="alert" data-testid="problem">
      {problem}
    </div>
  );
}
