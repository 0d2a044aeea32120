/**
 * Opens the softphone: creates it from the settings and the SIP password, wires the test hooks (test mode only)
 * and starts registering. The shell opens it early, as soon as the host has answered and before React has
 * rendered anything (renderer/root.tsx), so registration overlaps the first render; PhoneProvider adopts that
 * phone instead of opening a second one.
 */
import { Phone } from '../phone';
import { RegistrationState } from '../phone/states';
import type { DialdeckTestHooks } from '../phone/test-hooks';
import type { HostState } from '../host';

// Set when this chunk (JsSIP, the phone) has been evaluated: the bench's marks show what Registered waits for.
performance.mark('dialdeck:phone-evaluated');

/** The test hook keeps the latest calls only; tests read the last few. */
const TEST_HOOK_CALLS = 5;

export function openPhone({ api, settingsView, appInfo }: HostState, password: string | null): Phone {
  const phone = new Phone({ settings: settingsView.settings, password, host: api });
  if (appInfo.details.testMode === '1') {
    const hooks: DialdeckTestHooks = {
      phone,
      setAudioProcessing: (on) => {
        phone.audioProcessing = on;
      },
      lastCallClickAt: null,
      calls: [],
      registeredAt: null,
    };
    phone.on('call', (c) => {
      hooks.calls.push(c);
      // Bounded, so a soak of a thousand calls measures the app and not this list.
      if (hooks.calls.length > TEST_HOOK_CALLS) hooks.calls.shift();
    });
    phone.on('registration', (r) => {
      if (r.state === 'registered') hooks.registeredAt ??= performance.now();
    });
    window.dialdeckTest = hooks;
  }
  performance.mark('dialdeck:phone-start');
  phone.start();
  void phone.refreshDevices().catch(() => undefined);
  return phone;
}

let early: Promise<Phone> | null = null;

/** Opens the phone as soon as `account` resolves, for the provider to adopt. */
export function openPhoneEarly(
  account: Promise<{ host: HostState; password: string | null }>,
): Promise<Phone> {
  const phone = account.then(({ host, password }) => openPhone(host, password));
  early = phone;
  early.catch(() => undefined); // the provider reports it when it adopts the phone
  return phone;
}

const settled: ReadonlySet<RegistrationState> = new Set([
  RegistrationState.Registered,
  RegistrationState.Failed,
  RegistrationState.Reconnecting,
  RegistrationState.Stopped,
]);

/** Resolves once the phone is registered or has given up for now (first screen), or after `capMs` at most. */
export function registrationSettled(phone: Phone, capMs: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      off();
      resolve();
    };
    const timer = setTimeout(done, capMs);
    const off = phone.on('registration', (r) => {
      if (settled.has(r.state)) done();
    });
    if (settled.has(phone.registration.state)) done();
  });
}

/** The early phone, once: the provider that takes it owns it (and stops it on unmount). */
export function takeEarlyPhone(): Promise<Phone> | null {
  const phone = early;
  early = null;
  return phone;
}
