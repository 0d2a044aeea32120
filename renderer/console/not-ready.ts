/**
 * What the operator can give as their Not ready reason: the server's configured reasons when it offers any
 * (sent by id, so the server counts time per reason), else the console's own pause words (sent as text).
 */
import type { CampaignSession } from '../../core/contract';
import type { OperatorActionInput } from '../../core/operator-actions';
import type { Translator } from '../i18n/i18n';
import { pauseReasons } from './labels';

export interface NotReadyChoice {
  value: string;
  label: string;
}

const SERVER_REASON = 'reason:';

export function notReadyChoices(session: CampaignSession, t: Translator['t']): NotReadyChoice[] {
  if (session.notReadyReasons.length > 0)
    return session.notReadyReasons.map((r) => ({ value: `${SERVER_REASON}${r.id}`, label: r.name }));
  return pauseReasons.map((key) => ({ value: key, label: t(key) }));
}

/** The choice in force: the one picked if it is still offered, else the first. */
export function chosenNotReady(choices: NotReadyChoice[], picked: string): NotReadyChoice | undefined {
  return choices.find((c) => c.value === picked) ?? choices[0];
}

export function notReadyRequest(
  session: CampaignSession,
  picked: string,
  t: Translator['t'],
): OperatorActionInput<'setNotReady'> {
  const choice = chosenNotReady(notReadyChoices(session, t), picked);
  if (!choice) return { reason: t('operator.notReady') };
  if (!choice.value.startsWith(SERVER_REASON)) return { reason: choice.label };
  return { reason: choice.label, reasonId: choice.value.slice(SERVER_REASON.length) };
}

/**
 * How far past its reason's maximum the operator's Not ready has run, in seconds; null when it has not (or the
 * reason has no maximum). `now` is the server's clock.
 */
export function notReadyOverrun(session: CampaignSession, now: number): number | null {
  const { ready, reasonId, since } = session.status;
  if (ready || !reasonId || !since) return null;
  const reason = session.notReadyReasons.find((r) => r.id === reasonId);
  if (!reason?.maxSeconds) return null;
  const over = (now - Date.parse(since)) / 1000 - reason.maxSeconds;
  return over > 0 ? over : null;
}
