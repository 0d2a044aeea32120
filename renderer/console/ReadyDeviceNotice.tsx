/**
 * The microphone kept open while Ready lost its device between calls (renderer/phone/device-faults.ts): the
 * operator is told which microphone the next call uses, on whatever view they are; with no microphone left the
 * console sets Not ready with the reason "No microphone" (the words of the `no_input_device` dial failure), since
 * every call answered then would be dead air. During a call the call panel says it instead.
 */
import { useEffect, useRef, useState } from 'react';
import type { CampaignSession } from '../../core/contract';
import { say } from '../../core/i18n';
import { useHost } from '../host';
import { usePhoneInstance } from '../calls/PhoneProvider';
import { useI18n } from '../i18n/i18n';

export function ReadyDeviceNotice({ session }: { session: CampaignSession | null }) {
  const { api } = useHost();
  // It listens to the phone's device events itself: the phone's other updates do not concern it.
  const phone = usePhoneInstance();
  const { t } = useI18n();
  const [notice, setNotice] = useState<string | null>(null);
  const ready = useRef(false);
  ready.current = session?.status.ready ?? false;
  const shown = useRef(false);
  shown.current = notice !== null;

  useEffect(() => {
    if (!phone) return;
    const offs = [
      phone.on('deviceFallback', (f) => {
        if (f.kind === 'microphone' && !phone.currentCall) setNotice(say(t, f.message));
      }),
      phone.on('noMicrophone', ({ message }) => {
        setNotice(say(t, message));
        if (ready.current)
          void api.setNotReady({ reason: t('dialFailure.no_input_device.what') }).catch(() => undefined);
      }),
      // Only when a notice is up. This component re-renders only for its notice, and React keeps a state update
      // that changed nothing queued on it until it next renders: one a call piled up over a shift (a heap
      // snapshot of the soak held 40 queued updates after 40 calls).
      phone.on('call', () => {
        if (shown.current) setNotice(null);
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [api, phone, t]);

  if (!notice) return null;
  return (
    <div className="banner banner-warning" role="alert" data-testid="ready-device-notice">
      {notice}{' '}
      <button type="button" onClick={() => setNotice(null)}>
        {t('devices.fault.dismiss')}
      </button>
    </div>
  );
}
