/**
 * The check before Ready: an operator who goes Ready with a dead microphone burns contacts (each becomes a
 * dial failure), so the console refuses Ready until the PBX registration, the microphone, the speaker and the
 * campaign connection all work — and says which one does not and what to do about it.
 */
import type { CampaignSession } from '../../core/contract';
import { RegistrationState, type Phone } from '../phone';
import { openMicrophone, MicrophoneError } from '../phone/media';

export type PreflightItem = {
  id: 'pbx' | 'microphone' | 'speaker' | 'campaign';
  label: string;
  ok: boolean;
  /** What is wrong and how to fix it; null when fine. */
  problem: string | null;
};

export async function runPreflight(phone: Phone | null, session: CampaignSession): Promise<PreflightItem[]> {
  return [checkPbx(phone), await checkMicrophone(phone), await checkSpeaker(phone), checkCampaign(session)];
}

export function checkPbx(phone: Phone | null): PreflightItem {
  const base = { id: 'pbx' as const, label: 'PBX registration' };
  if (!phone)
    return { ...base, ok: false, problem: 'The phone is still starting: wait a moment and check again.' };
  const r = phone.registration;
  if (r.state === RegistrationState.Registered) return { ...base, ok: true, problem: null };
  const fix =
    r.reason === 'wrong_credentials'
      ? 'Correct the SIP user name and password in Settings → SIP account.'
      : r.reason === 'not_configured'
        ? 'Enter the PBX WebSocket URL and your SIP address in Settings → SIP account.'
        : r.reason === 'transport' || r.reason === 'timeout'
          ? 'Check the network and the PBX WebSocket URL in Settings → SIP account; the phone keeps retrying.'
          : 'Wait for the registration to finish, or check Settings → SIP account.';
  return { ...base, ok: false, problem: `Not registered to the PBX (${r.message}). ${fix}` };
}

export async function checkMicrophone(phone: Phone | null): Promise<PreflightItem> {
  const base = { id: 'microphone' as const, label: 'Microphone' };
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
        problem:
          'The microphone opened but gives no audio track: plug the headset in again or choose another microphone in the Phone view.',
      };
    return { ...base, ok: true, problem: null };
  } catch (err) {
    const e = err instanceof MicrophoneError ? err : null;
    const reason = e?.reason ?? 'internal_error';
    const problem =
      reason === 'microphone_denied'
        ? 'Microphone access is blocked. Allow the microphone for Dialdeck (in the browser: the padlock in the address bar → Microphone → Allow; on Windows/macOS: the system privacy settings), then check again.'
        : reason === 'no_input_device'
          ? chosen !== 'default'
            ? 'The microphone chosen in the Phone view is not connected: plug it in, or choose another microphone.'
            : 'No microphone found: plug in a headset, then check again.'
          : `The microphone could not be opened (${e?.message ?? String(err)}): close other programs that use it, or choose another one.`;
    return { ...base, ok: false, problem };
  }
}

export async function checkSpeaker(phone: Phone | null): Promise<PreflightItem> {
  const base = { id: 'speaker' as const, label: 'Speaker' };
  if (typeof AudioContext === 'undefined' && typeof Audio === 'undefined') {
    return { ...base, ok: false, problem: 'This window cannot play audio: restart Dialdeck.' };
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
    problem:
      'The speaker chosen in the Phone view is not connected: plug it in, or choose another speaker (or Default).',
  };
}

export function checkCampaign(session: CampaignSession): PreflightItem {
  const base = { id: 'campaign' as const, label: 'Campaign server' };
  if (session.connection.status === 'connected') {
    if (session.campaigns.length === 0) {
      return {
        ...base,
        ok: false,
        problem: `Connected, but operator "${session.operator?.login ?? ''}" works on no campaign yet: ask your supervisor to add you to one (embedded: Supervisor → create a campaign).`,
      };
    }
    return { ...base, ok: true, problem: null };
  }
  return {
    ...base,
    ok: false,
    problem: session.connection.problem ?? 'Not connected to the campaign server.',
  };
}
