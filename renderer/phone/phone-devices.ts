/**
 * The phone's audio devices: the lists, the operator's choice (a live call switches at once, without
 * renegotiation), falling back to the default when a chosen device is unplugged, the ring and test tones, and the
 * input level meter. The `Phone` hands its device methods to this.
 */
import { uiText } from '../../core/i18n';
import type { Call } from './call';
import type { DeviceFallback } from './phone-events';
import {
  LevelMeter,
  Sounder,
  listAudioDevices,
  openMicrophone,
  ringToneBlob,
  testToneBlob,
  type AudioDeviceChoice,
  type AudioDeviceList,
  type DeviceKind,
} from './media';

export class PhoneDevices {
  private listValue: AudioDeviceList = { microphones: [], speakers: [] };
  readonly choice: AudioDeviceChoice;
  readonly ringer = new Sounder(ringToneBlob);
  private readonly testTone = new Sounder(testToneBlob);

  constructor(
    initial: AudioDeviceChoice,
    private readonly phone: {
      currentCall: () => Call | null;
      ringerVolume: () => number;
      audioProcessing: () => boolean;
      /** The chosen microphone changed (a microphone kept open is on the old one). */
      microphoneChanged: () => void;
      listed: (list: AudioDeviceList) => void;
      fellBack: (fallback: DeviceFallback) => void;
      changed: () => void;
    },
  ) {
    this.choice = { ...initial };
  }

  get list(): AudioDeviceList {
    return this.listValue;
  }

  /** Lists microphones and speakers (labels appear once the microphone was allowed). */
  async refresh(checkFallback: boolean): Promise<AudioDeviceList> {
    this.listValue = await listAudioDevices();
    this.phone.listed(this.listValue);
    if (checkFallback) await this.fallBackFromMissing();
    return this.listValue;
  }

  private async fallBackFromMissing(): Promise<void> {
    const { microphones, speakers } = this.listValue;
    const checks: Array<[DeviceKind, { id: string }[]]> = [
      ['microphone', microphones],
      ['speaker', speakers],
      ['ringer', speakers],
    ];
    for (const [kind, list] of checks) {
      const id = this.choice[`${kind}Id`];
      if (id === 'default' || list.some((d) => d.id === id)) continue;
      // Chromium lists no output devices without speaker-selection permission: do not "fall back" then.
      if (kind !== 'microphone' && list.length === 0) continue;
      const message = uiText('sip.warn.deviceFallback', { kind });
      await this.set(kind, 'default');
      this.phone.currentCall()?.warn('device_fallback', message);
      this.phone.fellBack({ kind, previousId: id, message });
    }
  }

  async set(kind: DeviceKind, deviceId: string): Promise<void> {
    const changed = this.choice[`${kind}Id`] !== deviceId;
    this.choice[`${kind}Id`] = deviceId;
    if (kind === 'microphone' && changed) this.phone.microphoneChanged();
    const call = this.phone.currentCall();
    if (kind === 'microphone' && call?.peerConnection) await call.setMicrophone(deviceId);
    if (kind === 'speaker' && call) await call.setSpeaker(deviceId);
    if (kind === 'ringer' && this.ringer.playing) {
      await this.ringer.play(deviceId, this.phone.ringerVolume(), true);
    }
    this.phone.changed();
  }

  /** One second of 1 kHz on the chosen speaker. */
  playTestTone(kind: 'speaker' | 'ringer'): Promise<{ routed: boolean }> {
    return this.testTone.play(
      this.choice[`${kind}Id`],
      kind === 'ringer' ? this.phone.ringerVolume() : 1,
      false,
    );
  }

  /** A level meter on the chosen microphone (for the settings view); close it when done. */
  async openInputMeter(): Promise<{ level: () => number; close: () => void }> {
    const live = this.phone.currentCall()?.localTrack;
    if (live) {
      const meter = new LevelMeter(new MediaStream([live]));
      return { level: () => meter.level(), close: () => meter.close() };
    }
    const stream = await openMicrophone(this.choice.microphoneId, this.phone.audioProcessing());
    const meter = new LevelMeter(stream);
    return {
      level: () => meter.level(),
      close: () => {
        meter.close();
        stream.getTracks().forEach((t) => t.stop());
      },
    };
  }
}
