import { HostError } from '../../core/host-error';
import { say } from '../../core/i18n';
import type { Translator } from '../i18n/i18n';

/**
 * A refusal or failure the supervisor should read, in their language: the host hands the server's problem code
 * over as a `UiText`; anything without one (a server from before the codes) is shown as it came.
 */
export function problemText({ t, has }: Pick<Translator, 't' | 'has'>, err: unknown): string {
  const english = err instanceof Error ? err.message : String(err);
  if (!(err instanceof HostError && err.text && has(err.text.key))) return english;
  try {
    return say(t, err.text);
  } catch {
    // A code whose values did not all arrive (a server of another version): its English words still say it.
    return english;
  }
}

export function ProblemBanner({ problem }: { problem: string | null }) {
  if (!problem) return null;
  return (
    <div className="banner banner-error" role="alert" data-testid="problem">
      {problem}
    </div>
  );
}
