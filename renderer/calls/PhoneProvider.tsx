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
import type { Phone } from '../phone';
import { useHost } from '../host';
import { openPhone, takeEarlyPhone } from './phone-start';
import { IncomingCallPanel } from './IncomingCallPanel';
import './calls.css';

const PhoneContext = createContext<Phone | null>(null);

export function PhoneProvider({ children }: { children: ReactNode }) {
  const { api, settingsView, appInfo } = useHost();
  const [phone, setPhone] = useState<Phone | null>(null);

  useEffect(() => {
    let cancelled = false;
    let created: Phone | null = null;
    (async () => {
      // first screen (issue 15): the shell may have opened the phone already, before the first render.
      const early = takeEarlyPhone();
      let opened: Phone;
      if (early) {
        opened = await early;
        if (cancelled) {
          void opened.stop();
          if (window.dialdeckTest?.phone === opened) delete window.dialdeckTest;
          return;
        }
      } else {
        const { password } = await api.getSipPassword();
        if (cancelled) return;
        opened = openPhone({ api, settingsView, appInfo }, password);
      }
      created = opened;
      setPhone(opened);
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
    // The phone runs before React renders (it registers during the first render): whatever it did between this
    // component's render and this subscription fired no listener here, so read it once now. Without this the view
    // could stay on "Registering…" while the phone was long registered.
    refresh();
    return () => offs.forEach((off) => off());
  }, [phone]);
  return phone;
}

/**
 * The phone, or null while it starts, without re-rendering the caller when anything on it changes: for components
 * that only act on the phone or listen to its events themselves. Every call changes state a dozen times; each
 * re-render of a component that does not show the call is work for nothing, and it makes that component's code hot
 * enough for V8 to compile it again, optimised, and keep that code (docs/BENCHMARKS.md, soak).
 */
export function usePhoneInstance(): Phone | null {
  return useContext(PhoneContext);
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
