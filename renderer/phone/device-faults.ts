/**
 * Audio devices that come and go (issue 12.4). A headset unplugged mid-call must not end the call or renegotiate
 * it: the microphone moves to the next input by RTCRtpSender.replaceTrack (no re-INVITE, muted or held as it was),
 * the speaker to the OS default output, and the operator is told in words which device is in use now. With no
 * input left the call goes on, the customer hearing silence, until a microphone appears. When an unplugged device is
 * listed again the phone offers to switch back to it, or does so at once if the settings say so.
 *
 * Two signals tell of an unplugged microphone and both may come: the browser ends the track, and `devicechange`
 * lists the device no more. The first starts the switch; the second finds the call already on a live input.
 * The decisions (which input next, switch back or offer) are in core/device-fallback.ts.
 *
 * Between calls, while the operator is Ready in a predictive campaign, the microphone is kept open
 * (ready-microphone.ts) and watched the same way: unplugged, it is opened again on the next input in the same order
 * and the operator told which; with no input left the phone says so (`noInput`) and the console leaves Ready, since
 * every call answered then would be dead air.
 */
import { inputCandidates, onDeviceBack, SYSTEM_DEFAULT, type SwitchBack } from '../../core/device-fallback';
import { uiText, type UiText } from '../../core/i18n/text';
import type { Call } from './call';
import type { AudioDeviceChoice, AudioDeviceList, DeviceKind } from './media';
import type { DeviceBack, DeviceFallback } from './phone-events';

/** A device the operator had when it was unplugged, to go back to when it returns. */
type Away = { id: string; label: string; chosen: string; offered?: boolean };

export interface DeviceFaultsHost {
  choice: AudioDeviceChoice;
  currentCall: () => Call | null;
  /** Lists the devices again (enumerateDevices) and returns them. */
  relist: () => Promise<AudioDeviceList>;
  /** Chooses a device for the phone (and a live call) without saving it in the settings. */
  set: (kind: DeviceKind, id: string) => Promise<void>;
  settings: () => { fallbackMicrophoneId: string; switchBack: SwitchBack };
  fellBack: (fallback: DeviceFallback) => void;
  back: (back: DeviceBack) => void;
  log: (message: string, data?: Record<string, unknown>) => void;
  /** The microphone kept open while Ready (ready-microphone.ts). */
  ready: {
    warm: () => boolean;
    track: () => MediaStreamTrack | null;
    /** Opened again on the device chosen now: its live track, or null when it could not be. */
    reopened: () => Promise<MediaStreamTrack | null>;
  };
  /** No microphone left while Ready and idle. */
  noInput: (message: UiText) => void;
}

export class DeviceFaults {
  private readonly away = new Map<DeviceKind, Away>();
  /** The call that has no input left (it sends silence) until a microphone appears. */
  private silent: Call | null = null;
  private switching: Promise<void> | null = null;

  constructor(private readonly host: DeviceFaultsHost) {}

  /** A device that was unplugged and not yet switched back to, by kind (the devices panel offers it). */
  awayFrom(kind: DeviceKind): Away | null {
    return this.away.get(kind) ?? null;
  }

  /** The call's microphone track ended by itself. */
  inputEnded(call: Call, before: AudioDeviceList): void {
    void this.once(() => this.moveInput(call, before));
  }

  /** The microphone kept open while Ready ended by itself (unplugged): open it on the next input. */
  readyInputEnded(before: AudioDeviceList): void {
    void this.once(() => this.moveReadyInput(before));
  }

  /** `devicechange`: compare the lists before and after, and act on what left and what came back. */
  async changed(before: AudioDeviceList, now: AudioDeviceList): Promise<void> {
    const call = this.host.currentCall();
    const track = call?.localTrack ?? null;
    const inUse = track?.getSettings?.().deviceId;
    const gone = (id: string | undefined) =>
      !!id && before.microphones.some((d) => d.id === id) && !now.microphones.some((d) => d.id === id);
    if (call && call.isLive && track && (track.readyState === 'ended' || gone(inUse)))
      await this.once(() => this.moveInput(call, before));
    else if (!call && this.host.ready.warm() && this.host.ready.track())
      await this.once(() => this.moveReadyInput(before));
    else if (!call) await this.chosenInputGone(before, now);
    await this.outputsGone(before, now);
    if (this.silent && this.silent === call && now.microphones.length > 0)
      await this.once(() => this.moveInput(call, before));
    await this.cameBack(now);
  }

  /** Switches back to a device that returned (the operator accepted the offer, or the settings say so). */
  async switchBack(kind: DeviceKind): Promise<boolean> {
    const away = this.away.get(kind);
    if (!away) return false;
    this.away.delete(kind);
    await this.host.set(kind, away.id);
    // The operator had chosen the OS default: later calls follow it again (it is the returned device by now).
    if (away.chosen === SYSTEM_DEFAULT) this.host.choice[`${kind}Id`] = SYSTEM_DEFAULT;
    return true;
  }

  /** One input switch at a time: the track's end and `devicechange` usually both tell of one unplug. */
  private async once(work: () => Promise<void>): Promise<void> {
    while (this.switching) await this.switching;
    this.switching = work().finally(() => (this.switching = null));
    await this.switching;
  }

  private async moveInput(call: Call, before: AudioDeviceList): Promise<void> {
    const track = call.localTrack;
    if (call.ended) return;
    if (this.silent !== call && track && track.readyState === 'live') {
      // A second signal of an unplug already handled, or a change elsewhere: the input in use is still listed.
      const id = track.getSettings?.().deviceId;
      const listed = await this.host.relist();
      if (!id || listed.microphones.some((d) => d.id === id)) return;
    }
    const lostId = track?.getSettings?.().deviceId ?? '';
    const chosen = this.host.choice.microphoneId;
    const wasSilent = this.silent === call;
    const lostLabel = labelOf(lostId, before) ?? track?.label ?? lostId;
    if (!wasSilent && lostId && !this.away.has('microphone'))
      this.away.set('microphone', { id: lostId, label: lostLabel, chosen });
    const now = await this.host.relist();
    const candidates = inputCandidates({
      listed: now.microphones.map((d) => d.id),
      lost: wasSilent ? [] : [lostId, chosen],
      preferred: this.host.settings().fallbackMicrophoneId,
    });
    for (const id of candidates) {
      try {
        await this.host.set('microphone', id);
      } catch (err) {
        this.host.log('fallback input could not open', { deviceId: id, error: String(err) });
        continue;
      }
      const used = call.localTrack;
      if (!used || used.readyState !== 'live' || used === track) continue;
      const device = labelOf(used.getSettings?.().deviceId ?? id, now) ?? used.label;
      this.silent = null;
      call.clearWarning('no_input_left');
      const message = wasSilent
        ? uiText('devices.fault.inputAppeared', { device })
        : uiText('devices.fault.inputFallback', { lost: lostLabel, device });
      this.tell(call, 'microphone', lostId, message);
      return;
    }
    if (wasSilent) return;
    this.silent = call;
    const message = uiText('devices.fault.noInputLeft', { lost: lostLabel });
    call.warn('no_input_left', message);
    this.host.fellBack({ kind: 'microphone', previousId: lostId, message });
  }

  /**
   * No call, the microphone kept open for the next one: its device left (the track ended, or the device is no
   * longer listed). The same order as mid-call; the choice follows (not saved), so later calls open it too.
   */
  private async moveReadyInput(before: AudioDeviceList): Promise<void> {
    const track = this.host.ready.track();
    if (!track || this.host.currentCall()) return;
    if (track.readyState === 'live') {
      // A second signal of an unplug already handled, or a change elsewhere: the kept input is still listed.
      const id = track.getSettings?.().deviceId;
      const listed = await this.host.relist();
      if (!id || listed.microphones.some((d) => d.id === id)) return;
    }
    const lostId = track.getSettings?.().deviceId ?? '';
    const chosen = this.host.choice.microphoneId;
    const lost = labelOf(lostId, before) ?? (track.label || lostId);
    if (lostId && !this.away.has('microphone'))
      this.away.set('microphone', { id: lostId, label: lost, chosen });
    const now = await this.host.relist();
    const candidates = inputCandidates({
      listed: now.microphones.map((d) => d.id),
      lost: [lostId, chosen],
      preferred: this.host.settings().fallbackMicrophoneId,
    });
    for (const id of candidates) {
      this.host.choice.microphoneId = id;
      const used = await this.host.ready.reopened();
      if (!used) continue;
      const device = labelOf(used.getSettings?.().deviceId ?? id, now) ?? used.label;
      this.tell(null, 'microphone', lostId, uiText('devices.fault.inputFallbackIdle', { lost, device }));
      return;
    }
    this.host.choice.microphoneId = chosen;
    const message = uiText('devices.fault.noInputReady', { lost });
    this.host.fellBack({ kind: 'microphone', previousId: lostId, message });
    this.host.noInput(message);
  }

  /** No call: the chosen microphone left the list, so the next call opens the OS default instead. */
  private async chosenInputGone(before: AudioDeviceList, now: AudioDeviceList): Promise<void> {
    const id = this.host.choice.microphoneId;
    if (id === SYSTEM_DEFAULT || now.microphones.some((d) => d.id === id)) return;
    const lost = labelOf(id, before) ?? id;
    this.away.set('microphone', { id, label: lost, chosen: id });
    await this.host.set('microphone', SYSTEM_DEFAULT);
    const device = now.microphones[0]?.label ?? uiText('devices.systemDefault');
    this.tell(null, 'microphone', id, uiText('devices.fault.inputFallbackIdle', { lost, device }));
  }

  /** A chosen speaker or ringer left the list: the OS default output takes over (setSinkId('')). */
  private async outputsGone(before: AudioDeviceList, now: AudioDeviceList): Promise<void> {
    // Chromium lists no output devices without speaker-selection permission: nothing "left" then.
    if (now.speakers.length === 0) return;
    for (const kind of ['speaker', 'ringer'] as const) {
      const id = this.host.choice[`${kind}Id`];
      if (id === SYSTEM_DEFAULT || now.speakers.some((d) => d.id === id)) continue;
      const lost = labelOf(id, before) ?? id;
      this.away.set(kind, { id, label: lost, chosen: id });
      await this.host.set(kind, SYSTEM_DEFAULT);
      const call = kind === 'speaker' ? this.host.currentCall() : null;
      this.tell(call, kind, id, uiText('devices.fault.outputFallback', { kind, lost }));
    }
  }

  private async cameBack(now: AudioDeviceList): Promise<void> {
    for (const [kind, away] of [...this.away]) {
      const list = kind === 'microphone' ? now.microphones : now.speakers;
      if (!list.some((d) => d.id === away.id) || away.offered) continue;
      const setting = this.host.settings().switchBack;
      const device = away.label;
      if (onDeviceBack({ setting, inputLeft: this.silent === null }) === 'switch') {
        await this.switchBack(kind);
        const message = uiText('devices.fault.switchedBack', { device });
        this.host.back({ kind, id: away.id, message, offer: null });
      } else {
        away.offered = true;
        this.host.back({
          kind,
          id: away.id,
          message: uiText('devices.fault.back', { device: away.label }),
          offer: uiText('devices.fault.switchBack', { device: away.label }),
        });
      }
    }
  }

  private tell(call: Call | null, kind: DeviceKind, previousId: string, message: UiText): void {
    call?.warn('device_fallback', message);
    this.host.fellBack({ kind, previousId, message });
  }
}

function labelOf(id: string, list: AudioDeviceList): string | null {
  return [...list.microphones, ...list.speakers].find((d) => d.id === id)?.label ?? null;
}
