/**
 * Tells the host what support will want from the phone later: every registration change, and the audio
 * devices it sees. The host keeps them for the diagnostics zip (main/diagnostics/phone-facts.ts), so a zip
 * saved from the command line, with no window open, still has them.
 */
import { useEffect } from 'react';
import type { AudioDeviceLabels } from '../../core/contract';
import { textForLog } from '../../core/i18n';
import { usePhoneInstance } from '../calls/PhoneProvider';
import { useHost } from '../host';
import type { AudioDeviceList } from '../phone/media';

export function deviceLabels(devices: AudioDeviceList): AudioDeviceLabels {
  return {
    microphones: devices.microphones.map((d) => d.label.slice(0, 200)).slice(0, 64),
    speakers: devices.speakers.map((d) => d.label.slice(0, 200)).slice(0, 64),
  };
}

/** Renders nothing; mounted once inside the phone's provider. */
export function PhoneFactsReporter() {
  const { api } = useHost();
  // It follows the phone's registration and device events itself; it renders nothing.
  const phone = usePhoneInstance();
  useEffect(() => {
    if (!phone) return;
    let lastDevices = '';
    const report = (r: typeof phone.registration) => {
      void api
        .reportRegistration({
          at: new Date().toISOString(),
          state: r.state,
          reason: r.reason,
          message: textForLog(r.message).slice(0, 300),
          url: r.url ? r.url.slice(0, 500) : null,
          reconnects: r.reconnects,
        })
        .catch(() => undefined);
    };
    const reportDevices = (d: AudioDeviceList) => {
      const labels = deviceLabels(d);
      const key = JSON.stringify(labels);
      if (key === lastDevices || labels.microphones.length + labels.speakers.length === 0) return;
      lastDevices = key;
      void api.reportAudioDevices(labels).catch(() => undefined);
    };
    // The phone started before this subscribed: its first moves (connecting, maybe registered) come from here.
    report(phone.registration);
    reportDevices(phone.devices);
    const offRegistration = phone.on('registration', report);
    const offDevices = phone.on('devices', reportDevices);
    return () => {
      offRegistration();
      offDevices();
    };
  }, [phone, api]);
  return null;
}
