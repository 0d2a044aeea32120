/**
 * Provides the softphone (renderer/phone) to the React tree: creates it from the settings and the stored
 * password, restarts it when the SIP account changes, stops it (unregister) when the app quits, and shows a
 * ringing call over whatever view the operator is on. Test mode only: `window.dialdeckTest` exposes the phone.
 */
import {
  createContext,
  startTransition,
  useContext,
  useEffect,
  useReducer,
  useState,
  type ReactNode,
} from 'react';
import { Phone } from '../phone';
import type { DialdeckTestHooks } from '../phone/test-hooks';
import { useHost } from '../host';
import { IncomingCallPanel } from './IncomingCallPanel';
import './calls.css';

const PhoneContext = createContext<Phone | null>(null);

export function PhoneProvider({ children }: { children: ReactNode }) {
  const { api, settingsView, appInfo } = useHost();
  const [phone, setPhone] = useState<Phone | null>(null);

  useEffect(() => {
    let cancelled = false;
    let created: Phone | null = null;
    const testMode = appInfo.details.testMode === '1';
    (async () => {
      const { password } = await api.getSipPassword();
      if (cancelled) return;
      created = new Phone({ settings: settingsView.settings, password, host: api });
      if (testMode) {
        const hooks: DialdeckTestHooks = {
          phone: created,
          setAudioProcessing: (on) => {
            if (created) created.audioProcessing = on;
          },
          lastCallClickAt: null,
          calls: [],
          registeredAt: null,
        };
        created.on('call', (c) => hooks.calls.push(c));
        created.on('registration', (r) => {
          if (r.state === 'registered') hooks.registeredAt ??= performance.now();
        });
        window.dialdeckTest = hooks;
      }
      created.start();
      setPhone(created);
      void created.refreshDevices().catch(() => undefined);
    })().catch((err: unknown) => console.error('phone: could not start', err));
    const offQuit = api.on('beforeQuit', () => void created?.stop());
    return () => {
      cancelled = true;
      offQuit();
      void created?.stop();
      if (window.dialdeckTest?.phone === created) delete window.dialdeckTest;
    };
    // The phone is created once; later settings go through reconfigure() below.
  }, [api]);

  useEffect(() => {
    if (!phone) return;
    let cancelled = false;
    void api.getSipPassword().then(({ password }) => {
      if (!cancelled) void phone.reconfigure(settingsView.settings, password);
    });
    return () => {
      cancelled = true;
    };
  }, [phone, api, settingsView]);

  return (
    <PhoneContext.Provider value={phone}>
      {phone && <IncomingCallPanel phone={phone} />}
      {children}
    </PhoneContext.Provider>
  );
}

/** The phone, or null while it starts. Re-renders the caller whenever anything visible on the phone changes. */
export function usePhone(): Phone | null {
  const phone = useContext(PhoneContext);
  const [, bump] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    if (!phone) return;
    // A transition: React renders in slices and yields, so a SIP message arriving mid-render (the 200 OK right
    // behind a 180) is handled at once instead of waiting for the view to finish.
    const refresh = () => startTransition(bump);
    const offs = [
      phone.on('update', refresh),
      phone.on('registration', refresh),
      phone.on('devices', refresh),
    ];
    return () => offs.forEach((off) => off());
  }, [phone]);
  return phone;
}

/** Re-renders every second while `active` (the call timer). */
export function useTick(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [active]);
  return now;
}
