/**
 * Audio devices: microphone, speaker and ringer chosen separately (kept in settings), an input level meter and
 * a speaker test tone. A device chosen mid-call takes over at once, without renegotiating the call.
 */
import { memo, useEffect, useRef, useState } from 'react';
import type { DeviceBack, DeviceFallback, DeviceKind, Phone } from '../phone';
import { useHost } from '../host';
import { say } from '../../core/i18n';
import { useI18n } from '../i18n/i18n';
import { usePhoneValue } from './use-phone-value';

/**
 * Memoised, and re-rendered when what it shows changes (the device lists, the chosen devices, the audio settings),
 * not with the phone view on each of a call's state changes: the panel does not show the call, and re-rendering it
 * a dozen times a call made its code hot enough for V8 to optimise and keep (docs/BENCHMARKS.md, soak).
 */
export const DevicePanel = memo(function DevicePanel({ phone }: { phone: Phone }) {
  usePhoneValue(phone, (p) => p?.devices);
  // The choice is changed in place: its three ids as one value.
  usePhoneValue(phone, (p) => {
    const c = p?.deviceChoice;
    return c ? `${c.microphoneId}\n${c.speakerId}\n${c.ringerId}` : '';
  });
  usePhoneValue(phone, (p) => p?.settings.audio);
  const { api } = useHost();
  const { microphones, speakers } = phone.devices;
  const choice = phone.deviceChoice;
  const [notice, setNotice] = useState<string | null>(null);
  const [noticeForIt, setNoticeForIt] = useState<string | null>(null);
  /** An unplugged device is back and the settings say to ask: the offer to switch back to it. */
  const [offer, setOffer] = useState<{ kind: DeviceKind; words: string } | null>(null);
  const { t } = useI18n();

  useEffect(() => {
    const offFallback = phone.on('deviceFallback', (f: DeviceFallback) => {
      setNotice(say(t, f.message));
      setNoticeForIt(null);
      setOffer(null);
    });
    const offBack = phone.on('deviceBack', (b: DeviceBack) => {
      setNotice(say(t, b.message));
      setNoticeForIt(null);
      setOffer(b.offer ? { kind: b.kind, words: say(t, b.offer) } : null);
    });
    return () => {
      offFallback();
      offBack();
    };
  }, [phone, t]);

  const switchBack = async (kind: DeviceKind) => {
    setOffer(null);
    setNotice(null);
    try {
      await phone.switchBackDevice(kind);
    } catch (err) {
      setNotice(t('devices.switchFailed', { kind }));
      setNoticeForIt(err instanceof Error ? err.message : String(err));
    }
  };

  const choose = async (kind: DeviceKind, id: string) => {
    setNotice(null);
    setOffer(null);
    setNoticeForIt(null);
    try {
      await phone.setDevice(kind, id);
      await api.updateSettings({
        audio:
          kind === 'microphone'
            ? { microphoneId: id }
            : kind === 'speaker'
              ? { speakerId: id }
              : { ringerId: id },
      });
    } catch (err) {
      setNotice(t('devices.switchFailed', { kind }));
      setNoticeForIt(err instanceof Error ? err.message : String(err));
    }
  };

  const picker = (kind: DeviceKind, label: string, list: { id: string; label: string }[]) => (
    <label className="device-field">
      <span className="label">{label}</span>
      <select
        aria-label={label}
        value={choice[`${kind}Id`]}
        onChange={(e) => void choose(kind, e.target.value)}
      >
        <option value="default">{t('devices.systemDefault')}</option>
        {list
          .filter((d) => d.id !== 'default')
          .map((d) => (
            <option key={d.id} value={d.id}>
              {d.label}
            </option>
          ))}
      </select>
    </label>
  );

  return (
    <section className="device-panel" aria-label={t('devices.label')}>
      <h2>{t('devices.heading')}</h2>
      {notice && (
        <p className="warning" role="alert" data-testid="device-notice">
          {notice}
          {noticeForIt && <span className="hint"> {t('details.forIt', { detail: noticeForIt })}</span>}
          {offer && (
            <button type="button" onClick={() => void switchBack(offer.kind)}>
              {offer.words}
            </button>
          )}
        </p>
      )}
      {picker('microphone', t('devices.microphone'), microphones)}
      <InputMeter phone={phone} />
      <FaultSettings phone={phone} />
      {picker('speaker', t('devices.speaker'), speakers)}
      {picker('ringer', t('devices.ringer'), speakers)}
      <div className="device-actions">
        <button type="button" onClick={() => void phone.playTestTone('speaker')}>
          {t('devices.testSpeaker')}
        </button>
        <button type="button" onClick={() => void phone.playTestTone('ringer')}>
          {t('devices.testRinger')}
        </button>
        <button type="button" className="quiet" onClick={() => void phone.refreshDevices(true)}>
          {t('devices.refresh')}
        </button>
      </div>
    </section>
  );
});

/** What a call does when a device is unplugged mid-call (device-faults.ts): the fallback microphone, switching back. */
function FaultSettings({ phone }: { phone: Phone }) {
  const { api } = useHost();
  const { t } = useI18n();
  const audio = phone.settings.audio;
  const save = (patch: { fallbackMicrophoneId?: string; switchBack?: 'offer' | 'automatic' }) =>
    void api.updateSettings({ audio: patch }).catch(() => undefined);
  return (
    <>
      <label className="device-field">
        <span className="label">{t('devices.fallbackMicrophone')}</span>
        <select
          aria-label={t('devices.fallbackMicrophone')}
          value={audio.fallbackMicrophoneId}
          onChange={(e) => save({ fallbackMicrophoneId: e.target.value })}
        >
          <option value="">{t('devices.fallbackAny')}</option>
          {phone.devices.microphones
            .filter((d) => d.id !== 'default')
            .map((d) => (
              <option key={d.id} value={d.id}>
                {d.label}
              </option>
            ))}
        </select>
      </label>
      <label className="device-field">
        <input
          type="checkbox"
          checked={audio.switchBack === 'automatic'}
          onChange={(e) => save({ switchBack: e.target.checked ? 'automatic' : 'offer' })}
        />
        <span>{t('devices.switchBackAutomatically')}</span>
      </label>
    </>
  );
}

/** A live input level bar, opened on demand so the microphone is not held open for nothing. */
function InputMeter({ phone }: { phone: Phone }) {
  const [on, setOn] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const bar = useRef<HTMLDivElement>(null);
  const meterBox = useRef<HTMLDivElement>(null);
  const { t } = useI18n();

  useEffect(() => {
    if (!on) return;
    let meter: { level: () => number; close: () => void } | null = null;
    let frame = 0;
    let stopped = false;
    phone
      .openInputMeter()
      .then((m) => {
        if (stopped) return m.close();
        meter = m;
        const draw = () => {
          const level = Math.min(1, (meter?.level() ?? 0) * 4);
          if (bar.current) {
            bar.current.style.width = `${Math.round(level * 100)}%`;
            bar.current.dataset.level = level.toFixed(3);
          }
          // Rounded so a screen reader that reads the meter hears a number, not a changing decimal every frame.
          meterBox.current?.setAttribute('aria-valuenow', String(Math.round(level * 100)));
          frame = requestAnimationFrame(draw);
        };
        draw();
      })
      .catch((err: unknown) => {
        setError(err instanceof Error ? err.message : String(err));
        setOn(false);
      });
    return () => {
      stopped = true;
      cancelAnimationFrame(frame);
      meter?.close();
    };
  }, [on, phone, phone.deviceChoice.microphoneId]);

  return (
    <div className="meter-row">
      <button type="button" className="quiet" aria-pressed={on} onClick={() => setOn(!on)}>
        {t(on ? 'devices.meterStop' : 'devices.meterStart')}
      </button>
      <div
        className="meter"
        aria-label={t('devices.level')}
        role="meter"
        ref={meterBox}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={0}
      >
        <div className="meter-bar" ref={bar} data-testid="input-level" />
      </div>
      {error && <span className="status-error">{error}</span>}
    </div>
  );
}
