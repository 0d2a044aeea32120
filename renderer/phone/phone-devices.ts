/**
 * The phone's audio devices: the lists, the operator's choice (a live call switches at once, without
 * renegotiation), the microphone kept open while Ready (ready-microphone.ts), what happens when a device is
 * unplugged or comes back (device-faults.ts), the ring and test tones, and the input level meter. The `Phone`
 * hands its device methods to this.
 */
import type { SwitchBack } from '../../core/device-fallback';
import type { UiText } from '../../core/i18n';
import type { Call } from './call';
import { DeviceFaults } from './device-faults';
import type { DeviceBack, DeviceFallback } from './phone-events';
import { ReadyMicrophone } from './ready-microphone';
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
  private readonly faults: DeviceFaults;
  /** Open while the operator is Ready in a predictive campaign, for the next call answered automatically. */
  readonly ready: ReadyMicrophone;

  constructor(
    initial: AudioDeviceChoice,
    private readonly phone: {
      currentCall: () => Call | null;
      ringerVolume: () => number;
      audioProcessing: () => boolean;
      listed: (list: AudioDeviceList) => void;
      fellBack: (fallback: DeviceFallback) => void;
      back: (back: DeviceBack) => void;
      changed: () => void;
      faultSettings: () => { fallbackMicrophoneId: string; switchBack: SwitchBack };
      log: (message: string, data?: Record<string, unknown>) => void;
      /** No microphone left while Ready and idle (device-faults.ts). */
      noInput: (message: UiText) => void;
    },
  ) {
    this.choice = { ...initial };
    this.ready = new ReadyMicrophone(
      () => openMicrophone(this.choice.microphoneId, phone.audioProcessing()),
      phone.log,
      () => this.faults.readyInputEnded(this.listValue),
    );
    this.faults = new DeviceFaults({
      choice: this.choice,
      currentCall: phone.currentCall,
      relist: () => this.refresh(false),
      set: (kind, id) => this.set(kind, id),
      settings: phone.faultSettings,
      fellBack: phone.fellBack,
      back: phone.back,
      log: phone.log,
      ready: {
        warm: () => this.ready.warm,
        track: () => this.ready.track,
        reopened: () => this.ready.reopened(),
      },
      noInput: phone.noInput,
    });
  }

  get list(): AudioDeviceList {
    return this.listValue;
  }

  /**
   * Lists microphones and speakers (labels appear once the microphone was allowed); `checkFallback` (on
   * `devicechange`) also acts on devices that left or came back.
   */
  async refresh(checkFallback: boolean): Promise<AudioDeviceList> {
    const before = this.listValue;
    this.listValue = await listAudioDevices();
    this.phone.listed(this.listValue);
    if (checkFallback) await this.faults.changed(before, this.listValue);
    return this.listValue;
  }

  /** The call's microphone track ended by itself (call-microphone.ts): move it to the next input. */
  inputEnded(call: Call): void {
    this.faults.inputEnded(call, this.listValue);
  }

  /** Goes back to an unplugged device that is listed again; false when there is none to go back to. */
  switchBack(kind: DeviceKind): Promise<boolean> {
    return this.faults.switchBack(kind);
  }

  async set(kind: DeviceKind, deviceId: string): Promise<void> {
    const changed = this.choice[`${kind}Id`] !== deviceId;
    this.choice[`${kind}Id`] = deviceId;
    // A microphone kept open is on the old one.
    if (kind === 'microphone' && changed) this.ready.reopen();
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
