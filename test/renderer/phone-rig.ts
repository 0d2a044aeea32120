/**
 * The rig the phone engine's unit specs share: real JsSIP over FakePbx (digest REGISTER, scripted INVITE answers,
 * INVITEs to the phone) with the browser stand-ins (fake-browser.ts) installed for the spec file that calls
 * `usePhoneRig()`, and put back after it.
 */
import { expect, test } from '@playwright/test';
import { defaultSettings, type Settings } from '../../core/settings';
import type { CallRecord } from '../../core/call-record';
import {
  Phone,
  RegistrationState,
  type Call,
  type CallEnd,
  type PhoneHost,
  type SocketFactory,
} from '../../renderer/phone';
import { FakePeerConnection, installBrowserStandIns } from './fake-browser';
import { FakePbx } from './fake-pbx';

function settingsFor(pbx: FakePbx, patch: (s: Settings) => void = () => {}): Settings {
  const s = defaultSettings();
  s.sip.websocketUrls = ['ws://127.0.0.1:1/ws'];
  s.sip.uri = `sip:${pbx.user}@${pbx.domain}`;
  s.dtmf.mode = 'info';
  patch(s);
  return s;
}

export type Rig = { pbx: FakePbx; phone: Phone; records: CallRecord[]; notes: string[] };

export async function rig(
  options: { password?: string; patch?: (s: Settings) => void; pbx?: FakePbx; start?: boolean } = {},
): Promise<Rig> {
  const pbx = options.pbx ?? new FakePbx();
  const records: CallRecord[] = [];
  const notes: string[] = [];
  const host: PhoneHost = {
    addCallRecord: async (r) => {
      records.push(r as CallRecord);
      return { ok: true };
    },
    notify: async (n) => {
      notes.push(n.body);
      return { ok: true };
    },
  };
  const phone = new Phone({
    settings: settingsFor(pbx, options.patch),
    password: options.password ?? pbx.password,
    host,
    socketFactory: pbx.socketFactory as unknown as SocketFactory,
    reconnect: { minSeconds: 1, maxSeconds: 1 },
  });
  if (options.start !== false) phone.start();
  return { pbx, phone, records, notes };
}

export async function registered(phone: Phone) {
  await expect.poll(() => phone.registration.state, { timeout: 10_000 }).toBe(RegistrationState.Registered);
}

export function ended(call: Call): Promise<CallEnd> {
  return new Promise((resolve) => {
    if (call.end) return resolve(call.end);
    call.on('ended', resolve);
    call.on('failed', resolve);
  });
}

/**
 * Installs the browser stand-ins for the calling spec file and resets them before each of its tests; returns the
 * handle that sets what getUserMedia does.
 */
export function usePhoneRig() {
  const browser = installBrowserStandIns();
  test.afterAll(() => browser.uninstall());
  test.beforeEach(() => {
    browser.setMicrophone('ok');
    FakePeerConnection.gathering = 'complete';
  });
  return browser;
}
