/**
 * Emulated audio devices for e2e tests of unplugged microphones and headsets (issue 12.4).
 *
 * Why: Chromium cannot unplug hardware, and its fake capture device is one device that never leaves. So an init
 * script plays the OS: three inputs (WebAudio oscillators at the given pitches behind getUserMedia, with their own
 * device ids and labels: "Headset microphone", "Built-in microphone", "Webcam microphone"), two outputs, and
 * `unplug`/`plug` that remove or restore a device in enumerateDevices, end its tracks (stop + `ended`, as Chromium
 * does when a device goes) and fire `devicechange`. mock-sip then measures the pitch of what the customer hears
 * (`recentHz`), which tells which microphone reached them.
 */
import type { Page } from '@playwright/test';

/** Install before the app loads: `page.addInitScript(emulatedDevices, { headsetHz, laptopHz, webcamHz })`. */
export function emulatedDevices(hz: { headsetHz: number; laptopHz: number; webcamHz: number }) {
  const { headsetHz, laptopHz, webcamHz } = hz;
  type Fake = { deviceId: string; label: string; kind: MediaDeviceKind; hz?: number; present: boolean };
  const devices: Fake[] = [
    {
      deviceId: 'headset-mic',
      label: 'Headset microphone',
      kind: 'audioinput',
      hz: headsetHz,
      present: true,
    },
    { deviceId: 'laptop-mic', label: 'Built-in microphone', kind: 'audioinput', hz: laptopHz, present: true },
    { deviceId: 'webcam-mic', label: 'Webcam microphone', kind: 'audioinput', hz: webcamHz, present: true },
    { deviceId: 'headset-out', label: 'Headset earphones', kind: 'audiooutput', present: true },
    { deviceId: 'laptop-out', label: 'Built-in speakers', kind: 'audiooutput', present: true },
  ];
  const tracks = new Map<string, MediaStreamTrack[]>();
  const sinks: string[] = [];
  let ctx: AudioContext | null = null;
  const md = navigator.mediaDevices;
  md.enumerateDevices = async () =>
    devices
      .filter((d) => d.present)
      .map(
        (d) =>
          ({ deviceId: d.deviceId, kind: d.kind, label: d.label, groupId: d.deviceId }) as MediaDeviceInfo,
      );
  md.getUserMedia = async (constraints?: MediaStreamConstraints) => {
    const audio = typeof constraints?.audio === 'object' ? constraints.audio : {};
    const asked = audio.deviceId as { exact?: string } | string | undefined;
    const id = typeof asked === 'string' ? asked : asked?.exact;
    const inputs = devices.filter((d) => d.kind === 'audioinput' && d.present);
    const device = id ? inputs.find((d) => d.deviceId === id) : inputs[0];
    if (!device) throw new DOMException('Requested device not found', 'NotFoundError');
    ctx ??= new AudioContext();
    const osc = ctx.createOscillator();
    osc.frequency.value = device.hz!;
    const gain = ctx.createGain();
    gain.gain.value = 0.3;
    const out = ctx.createMediaStreamDestination();
    osc.connect(gain).connect(out);
    osc.start();
    const track = out.stream.getAudioTracks()[0]!;
    Object.defineProperty(track, 'label', { value: device.label });
    track.getSettings = () => ({ deviceId: device.deviceId });
    tracks.set(device.deviceId, [...(tracks.get(device.deviceId) ?? []), track]);
    return out.stream;
  };
  const setSinkId = HTMLMediaElement.prototype.setSinkId;
  HTMLMediaElement.prototype.setSinkId = function (this: HTMLMediaElement, id: string) {
    sinks.push(id);
    if (id === '' || id === 'default') return setSinkId.call(this, '');
    if (!devices.some((d) => d.deviceId === id && d.present))
      return Promise.reject(new DOMException('no such sink', 'NotFoundError'));
    return Promise.resolve();
  };
  const os = {
    unplug(id: string) {
      devices.find((d) => d.deviceId === id)!.present = false;
      for (const t of tracks.get(id) ?? []) {
        if (t.readyState === 'ended') continue;
        t.stop();
        t.dispatchEvent(new Event('ended'));
      }
      md.dispatchEvent(new Event('devicechange'));
    },
    plug(id: string) {
      devices.find((d) => d.deviceId === id)!.present = true;
      md.dispatchEvent(new Event('devicechange'));
    },
    sinks,
    /** The inputs with a track still live (the app's open microphones), by device id. */
    live: () => [...tracks].filter(([, ts]) => ts.some((t) => t.readyState === 'live')).map(([id]) => id),
  };
  (window as unknown as { emulatedOs: typeof os }).emulatedOs = os;
}

type EmulatedOs = {
  unplug: (id: string) => void;
  plug: (id: string) => void;
  sinks: string[];
  live: () => string[];
};

/** The emulated OS of `emulatedDevices`, driven from the test. */
export const emulatedOs = (page: Page) => ({
  unplug: (id: string) =>
    page.evaluate((d) => (window as unknown as { emulatedOs: EmulatedOs }).emulatedOs.unplug(d), id),
  plug: (id: string) =>
    page.evaluate((d) => (window as unknown as { emulatedOs: EmulatedOs }).emulatedOs.plug(d), id),
  sinks: () => page.evaluate(() => (window as unknown as { emulatedOs: EmulatedOs }).emulatedOs.sinks),
  live: () => page.evaluate(() => (window as unknown as { emulatedOs: EmulatedOs }).emulatedOs.live()),
});

/** The pitch mock-sip measured is the tone of that microphone. */
export const near = (hz: number | null | undefined, target: number) =>
  hz != null && Math.abs(hz - target) < 60;
