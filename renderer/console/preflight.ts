/**
 * The check before Ready: an operator who goes Ready with a dead microphone burns contacts (each becomes a
 * dial failure), so the console refuses Ready until the PBX registration, the microphone, the speaker and the
 * campaign connection all work — and says which one does not and what to do about it.
 */
import type { CampaignSession } from '../../core/contract';
import { connectionProblemText, say } from '../../core/i18n';
import { RegistrationState, type Phone } from '../phone';
import { openMicrophone, MicrophoneError } from '../phone/media';
import type { Translator } from '../i18n/i18n';

type T = Translator['t'];

export type PreflightItem = {
  id: 'pbx' | 'microphone' | 'speaker' | 'campaign';
  label: string;
  ok: boolean;
  /** What is wrong and how to fix it; null when fine. */
  problem: string | null;
  /** The raw cause, for a details line for IT (never inside `problem`). */
  forIt?: string;
};

export async function runPreflight(
  t: T,
  phone: Phone | null,
  session: CampaignSession,
): Promise<PreflightItem[]> {
  return [
    checkPbx(t, phone),
    await checkMicrophone(t, phone),
    await checkSpeaker(t, phone),
    checkCampaign(t, session),
  ];
}

export function checkPbx(t: T, phone: Phone | null): PreflightItem {
  const base = { id: 'pbx' as const, label: t('preflight.pbx') };
  if (!phone) return { ...base, ok: false, problem: t('preflight.phoneStarting') };
  const r = phone.registration;
  if (r.state === RegistrationState.Registered) return { ...base, ok: true, problem: null };
  const fix = t(
    r.reason === 'wrong_credentials'
      ? 'preflight.fix.credentials'
      : r.reason === 'not_configured'
        ? 'preflight.fix.notConfigured'
        : r.reason === 'transport' || r.reason === 'timeout'
          ? 'preflight.fix.transport'
          : 'preflight.fix.wait',
  );
  return { ...base, ok: false, problem: t('preflight.notRegistered', { sentence: say(t, r.message), fix }) };
}

export async function checkMicrophone(t: T, phone: Phone | null): Promise<PreflightItem> {
  const base = { id: 'microphone' as const, label: t('preflight.microphone') };
  const chosen = phone?.deviceChoice.microphoneId ?? 'default';
  try {
    // Opening it is the only honest test: permission, presence and a device that actually starts.
    const stream = await openMicrophone(chosen, true);
    const live = stream.getAudioTracks().some((t) => t.readyState === 'live');
    stream.getTracks().forEach((t) => t.stop());
    if (!live)
      return {
        ...base,
        ok: false,
        problem: t('preflight.micNoTrack'),
      };
    return { ...base, ok: true, problem: null };
  } catch (err) {
    const e = err instanceof MicrophoneError ? err : null;
    const reason = e?.reason ?? 'internal_error';
    const problem =
      reason === 'microphone_denied'
        ? t('preflight.micDenied')
        : reason === 'no_input_device'
          ? t(chosen !== 'default' ? 'preflight.micChosenMissing' : 'preflight.micMissing')
          : t('preflight.micFailed');
    const forIt = reason === 'internal_error' ? (e?.message ?? String(err)) : undefined;
    return { ...base, ok: false, problem, ...(forIt ? { forIt } : {}) };
  }
}

export async function checkSpeaker(t: T, phone: Phone | null): Promise<PreflightItem> {
  const base = { id: 'speaker' as const, label: t('preflight.speaker') };
  if (typeof AudioContext === 'undefined' && typeof Audio === 'undefined') {
    return { ...base, ok: false, problem: t('preflight.noAudio') };
  }
  const chosen = phone?.deviceChoice.speakerId ?? 'default';
  if (chosen === 'default' || !navigator.mediaDevices?.enumerateDevices)
    return { ...base, ok: true, problem: null };
  const outputs = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'audiooutput');
  // Chromium lists no outputs until speaker selection is allowed: then we cannot tell, so we do not refuse.
  if (outputs.length === 0 || outputs.some((d) => d.deviceId === chosen))
    return { ...base, ok: true, problem: null };
  return {
    ...base,
    ok: false,
    problem: t('preflight.speakerMissing'),
  };
}

export function checkCampaign(t: T, session: CampaignSession): PreflightItem {
  const base = { id: 'campaign' as const, label: t('preflight.campaign') };
  if (session.connection.status === 'connected') {
    if (session.campaigns.length === 0) {
      return {
        ...base,
        ok: false,
        problem: t('preflight.noCampaign', { login: session.operator?.login ?? '' }),
      };
    }
    return { ...base, ok: true, problem: null };
  }
  return {
    ...base,
    ok: false,
    problem: session.connection.problem
      ? say(t, connectionProblemText(session.connection.problem).text)
      : t('preflight.notConnected'),
  };
}
