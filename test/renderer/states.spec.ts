import { expect, test } from '@playwright/test';
import {
  CallState,
  IllegalTransition,
  RegistrationState,
  callTransition,
  registrationTransition,
} from '../../renderer/phone/states';
import { say } from '../../core/i18n';
import { createTranslator } from '../../core/i18n/translate';
import { en } from '../../core/i18n/en';
import { normaliseDialString, displayNumber, sipDomain } from '../../renderer/phone/number';
import { wantsAutoAnswer } from '../../renderer/phone/phone';
import { earlyIceReady } from '../../renderer/phone/ice';

/** What the operator reads, in English. */
const { t } = createTranslator('en', en);

test('call state machine allows the protocol path and refuses the rest', () => {
  let s = CallState.Dialling;
  for (const to of [
    CallState.Calling,
    CallState.Ringing,
    CallState.Connected,
    CallState.Holding,
    CallState.Held,
    CallState.Resuming,
    CallState.Connected,
    CallState.Ended,
  ]) {
    s = callTransition(s, to);
  }
  expect(s).toBe(CallState.Ended);
  expect(() => callTransition(CallState.Ended, CallState.Connected)).toThrow(IllegalTransition);
  expect(() => callTransition(CallState.Incoming, CallState.Held)).toThrow(/illegal move incoming → held/);
  // A second re-INVITE while one is in flight is not a state: holding → resuming is refused.
  expect(() => callTransition(CallState.Holding, CallState.Resuming)).toThrow(IllegalTransition);
});

test('registration state machine: every state can stop; stopped only restarts', () => {
  for (const s of Object.values(RegistrationState)) {
    if (s === RegistrationState.Stopped) continue;
    expect(registrationTransition(s, RegistrationState.Stopped)).toBe(RegistrationState.Stopped);
  }
  expect(() => registrationTransition(RegistrationState.Stopped, RegistrationState.Registered)).toThrow(
    IllegalTransition,
  );
  expect(registrationTransition(RegistrationState.Registered, RegistrationState.Reconnecting)).toBe(
    RegistrationState.Reconnecting,
  );
});

test('dial strings: decoration stripped, SIP URIs kept, junk refused', () => {
  expect(normaliseDialString(' +44 (20) 7946-0958 ')).toEqual({ ok: true, number: '+442079460958' });
  expect(normaliseDialString('020.7946.0958')).toEqual({ ok: true, number: '02079460958' });
  expect(normaliseDialString('tel:+1-555-0100')).toEqual({ ok: true, number: '+15550100' });
  expect(normaliseDialString('*72#')).toEqual({ ok: true, number: '*72#' });
  expect(normaliseDialString('sip:conf@pbx.example.com')).toEqual({
    ok: true,
    number: 'sip:conf@pbx.example.com',
  });
  expect(normaliseDialString('')).toMatchObject({ ok: false });
  expect(normaliseDialString('call me')).toMatchObject({ ok: false });
  expect(displayNumber('sip:1001@pbx')).toBe('1001');
});

test('dial strings: a bare user name is completed with our own domain; numbers stay numbers', () => {
  const domain = sipDomain('sip:1001@pbx.example.com:5060;transport=ws');
  expect(domain).toBe('pbx.example.com:5060');
  expect(normaliseDialString('custb', domain)).toEqual({
    ok: true,
    number: 'sip:custb@pbx.example.com:5060',
  });
  expect(normaliseDialString(' 1002 ', domain)).toEqual({ ok: true, number: '1002' });
  expect(normaliseDialString('020 7946 0958', domain)).toEqual({ ok: true, number: '02079460958' });
  expect(normaliseDialString('custb@other.example', domain)).toEqual({
    ok: true,
    number: 'sip:custb@other.example',
  });
  const noDomain = normaliseDialString('custb', null);
  expect(noDomain.ok).toBe(false);
  if (!noDomain.ok) expect(say(t, noDomain.message)).toMatch(/SIP address in Settings/);
  expect(normaliseDialString('call me', domain)).toMatchObject({ ok: false });
  expect(normaliseDialString('a@b@c', domain)).toMatchObject({ ok: false });
  expect(displayNumber('sip:custb@pbx.example.com')).toBe('custb');
});

test('auto-answer is asked by Call-Info answer-after=0 only', () => {
  expect(wantsAutoAnswer('<sip:pbx.example.com>;answer-after=0')).toBe(true);
  expect(wantsAutoAnswer('<http://x>;purpose=icon')).toBe(false);
  expect(wantsAutoAnswer('<sip:x>;answer-after=10')).toBe(false);
  expect(wantsAutoAnswer(undefined)).toBe(false);
});

test.describe('early ICE ready', () => {
  const candidate = (type: string) =>
    ({ type, candidate: `candidate:1 1 udp 1 127.0.0.1 5000 typ ${type}` }) as RTCIceCandidate;
  function run(servers: { urls: string[] }[], types: string[], timeoutMs = 300) {
    let readyAt: number | null = null;
    const start = Date.now();
    const policy = earlyIceReady({ timeoutMs, servers });
    for (const t of types)
      policy.onCandidate({ candidate: candidate(t), ready: () => (readyAt ??= Date.now() - start) });
    return { readyAt: () => readyAt, cancel: policy.cancel };
  }
  test('STUN only: the first server-reflexive candidate is enough', () => {
    expect(run([{ urls: ['stun:stun.example.com'] }], ['host', 'srflx']).readyAt()).not.toBeNull();
  });
  test('TURN configured: a server-reflexive candidate is not enough, a relay one is', () => {
    const r = run([{ urls: ['turn:turn.example.com'] }], ['host', 'srflx']);
    expect(r.readyAt()).toBeNull();
    r.cancel();
    expect(run([{ urls: ['turn:turn.example.com'] }], ['host', 'srflx', 'relay']).readyAt()).not.toBeNull();
  });
  test('an unanswered STUN server: ready after the timeout from the first candidate', async () => {
    const r = run([{ urls: ['stun:127.0.0.1:9'] }], ['host'], 100);
    expect(r.readyAt()).toBeNull();
    await expect.poll(() => r.readyAt()).not.toBeNull();
  });
  test('no ICE servers, answering: the first host candidate is enough (the offer says where the far end is)', () => {
    let ready = false;
    const policy = earlyIceReady({ timeoutMs: 5000, servers: [], answering: true });
    policy.onCandidate({ candidate: candidate('host'), ready: () => (ready = true) });
    expect(ready).toBe(true);
  });
  test('answering with a STUN server still waits for what the server gives', () => {
    let ready = false;
    const policy = earlyIceReady({
      timeoutMs: 5000,
      servers: [{ urls: ['stun:127.0.0.1:9'] }],
      answering: true,
    });
    policy.onCandidate({ candidate: candidate('host'), ready: () => (ready = true) });
    expect(ready).toBe(false);
    policy.cancel();
  });
  test('no ICE servers: host candidates settle quickly', async () => {
    const r = run([], ['host'], 5000);
    await expect.poll(() => r.readyAt(), { timeout: 2000 }).not.toBeNull();
  });
});
