/**
 * The phone engine over a fake JsSIP socket: FakePbx plays the PBX (digest REGISTER, scripted INVITE answers,
 * INVITEs to the phone), a fake RTCPeerConnection stands in for WebRTC. Real JsSIP throughout.
 */
import { expect, test } from '@playwright/test';
import { defaultSettings, type Settings } from '../../core/settings';
import type { CallRecord } from '../../core/call-record';
import {
  Phone,
  CallState,
  RegistrationState,
  type Call,
  type CallEnd,
  type PhoneHost,
  type SocketFactory,
} from '../../renderer/phone';
import { createTranslator } from '../../core/i18n/translate';
import { en } from '../../core/i18n/en';
import { say } from '../../core/i18n';
import { FakePbx, FakePeerConnection, hdr, installBrowserStandIns } from './fake-pbx';

/** What the operator reads, in English. */
const { t } = createTranslator('en', en);

const browser = installBrowserStandIns();
test.afterAll(() => browser.uninstall());

function settingsFor(pbx: FakePbx, patch: (s: Settings) => void = () => {}): Settings {
  const s = defaultSettings();
  s.sip.websocketUrls = ['ws://127.0.0.1:1/ws'];
  s.sip.uri = `sip:${pbx.user}@${pbx.domain}`;
  s.dtmf.mode = 'info';
  patch(s);
  return s;
}

type Rig = { pbx: FakePbx; phone: Phone; records: CallRecord[]; notes: string[] };

async function rig(
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

async function registered(phone: Phone) {
  await expect.poll(() => phone.registration.state, { timeout: 10_000 }).toBe(RegistrationState.Registered);
}

function ended(call: Call): Promise<CallEnd> {
  return new Promise((resolve) => {
    if (call.end) return resolve(call.end);
    call.on('ended', resolve);
    call.on('failed', resolve);
  });
}

test.beforeEach(() => {
  browser.setMicrophone('ok');
  FakePeerConnection.gathering = 'complete';
});

test.describe('registration', () => {
  test('registers after the digest challenge, with one REGISTER per challenge', async () => {
    const { phone, pbx } = await rig({ start: false });
    const seen: RegistrationState[] = [];
    phone.on('registration', (r) => seen.push(r.state));
    phone.start();
    await registered(phone);
    expect(seen).toEqual([
      RegistrationState.Connecting,
      RegistrationState.Registering,
      RegistrationState.Registered,
    ]);
    expect(pbx.requestsOf('REGISTER')).toHaveLength(2);
    await phone.stop();
    expect(phone.registration.state).toBe(RegistrationState.Stopped);
    // The un-REGISTER on stop (Expires: 0).
    expect(pbx.requestsOf('REGISTER').some((r) => hdr(r, 'expires') === '0')).toBe(true);
  });

  test('a wrong password fails with reason wrong_credentials and says so', async () => {
    const { phone } = await rig({ password: 'not-the-password' });
    await expect.poll(() => phone.registration.reason, { timeout: 10_000 }).toBe('wrong_credentials');
    expect(phone.registration.state).toBe(RegistrationState.Failed);
    expect(say(t, phone.registration.message)).toMatch(/password/i);
    await phone.stop();
  });

  test('no WebSocket URL configured: failed, not_configured', async () => {
    const { phone } = await rig({ patch: (s) => void (s.sip.websocketUrls = []) });
    expect(phone.registration.state).toBe(RegistrationState.Failed);
    expect(phone.registration.reason).toBe('not_configured');
  });

  test('fails over to the next WebSocket URL when the first is down', async () => {
    const pbx = new FakePbx();
    pbx.down.add('ws://127.0.0.1:1/ws');
    const { phone } = await rig({
      pbx,
      patch: (s) => void (s.sip.websocketUrls = ['ws://127.0.0.1:1/ws', 'ws://127.0.0.1:2/ws']),
    });
    await registered(phone);
    expect(pbx.current?.url).toBe('ws://127.0.0.1:2/ws');
    await phone.stop();
  });

  test('a dropped connection shows reconnecting, then registers again without duplicate REGISTERs', async () => {
    const { phone, pbx } = await rig();
    await registered(phone);
    const before = pbx.requestsOf('REGISTER').length;
    const seen: RegistrationState[] = [];
    phone.on('registration', (r) => seen.push(r.state));
    pbx.current?.drop();
    expect(phone.registration.state).toBe(RegistrationState.Reconnecting);
    await registered(phone);
    expect(seen).toContain(RegistrationState.Reconnecting);
    // One challenge and one authenticated REGISTER on the new connection, nothing more.
    expect(pbx.requestsOf('REGISTER').length - before).toBe(2);
    expect(phone.registration.reconnects).toBe(1);
    await phone.stop();
  });
});

test.describe('outbound calls', () => {
  test('a pasted number is cleaned, the call is answered, hung up, and recorded', async () => {
    const { phone, pbx, records } = await rig();
    await registered(phone);
    const call = phone.call(' +44 (20) 7946-0958 ', {
      contactId: 'c-42',
      extraHeaders: ['X-Dialdeck-Contact-Id: c-42'],
    });
    const states: CallState[] = [];
    call.on('state', (s) => states.push(s));
    await expect.poll(() => call.state, { timeout: 10_000 }).toBe(CallState.Connected);
    const invite = pbx.requestsOf('INVITE')[0]!;
    expect(invite.uri).toBe('sip:+442079460958@pbx.test');
    expect(hdr(invite, 'x-dialdeck-contact-id')).toBe('c-42');
    expect(parseInt(hdr(invite, 'session-expires') ?? '0', 10)).toBeGreaterThanOrEqual(120);
    expect(states).toEqual([CallState.Calling, CallState.Ringing, CallState.Connected]);
    call.hangUp();
    const end = await ended(call);
    expect(end.outcome).toBe('answered');
    await expect.poll(() => pbx.requestsOf('BYE').length).toBe(1);
    await expect.poll(() => records.length).toBe(1);
    expect(records[0]).toMatchObject({
      direction: 'outbound',
      number: '+442079460958',
      outcome: 'answered',
      contactId: 'c-42',
    });
    await phone.stop();
  });

  test('busy (486) ends as rejected with the SIP code', async () => {
    const { phone, pbx, records } = await rig();
    pbx.inviteScript = () => [{ code: 486 }];
    await registered(phone);
    const end = await ended(phone.call('2000'));
    expect(end).toMatchObject({ outcome: 'rejected', sipCode: 486 });
    await expect.poll(() => records[0]?.sipCode).toBe(486);
    // A manual call has no contact to retry; a campaign call says what happens to its contact.
    expect(say(t, end.message)).not.toMatch(/contact|campaign|retried/i);
    const campaignEnd = await ended(phone.call('2000', { contactId: '42' }));
    expect(say(t, campaignEnd.message)).toMatch(/busy.*The contact will be retried later/);
    await phone.stop();
  });

  test('unavailable (480) ends as unreachable', async () => {
    const { phone, pbx } = await rig();
    pbx.inviteScript = () => [{ code: 180 }, { code: 480 }];
    await registered(phone);
    const end = await ended(phone.call('2000'));
    expect(end).toMatchObject({ outcome: 'unreachable', sipCode: 480 });
    await phone.stop();
  });

  test('cancel while ringing sends CANCEL and ends as cancelled', async () => {
    const { phone, pbx } = await rig();
    pbx.inviteScript = () => [{ code: 180 }, { code: 200, sdp: true, afterMs: 60_000 }];
    await registered(phone);
    const call = phone.call('2000');
    await expect.poll(() => call.state, { timeout: 10_000 }).toBe(CallState.Ringing);
    call.hangUp();
    const end = await ended(call);
    expect(end.outcome).toBe('cancelled');
    await expect.poll(() => pbx.requestsOf('CANCEL').length).toBe(1);
    await phone.stop();
  });

  test('RFC 4028 422 Session Interval Too Small: retried once with the PBX Min-SE', async () => {
    const { phone, pbx } = await rig({ patch: (s) => void (s.sessionTimers.expiresSeconds = 90) });
    pbx.inviteScript = (_invite, n) =>
      n === 0 ? [{ code: 422, headers: ['Min-SE: 1900'] }] : [{ code: 200, sdp: true }];
    await registered(phone);
    const call = phone.call('2000');
    await expect.poll(() => call.state, { timeout: 10_000 }).toBe(CallState.Connected);
    const invites = pbx.requestsOf('INVITE');
    expect(invites).toHaveLength(2);
    // Never below 120 even when settings say 90, then the PBX's own minimum.
    expect(parseInt(hdr(invites[0]!, 'session-expires') ?? '0', 10)).toBe(120);
    expect(parseInt(hdr(invites[1]!, 'session-expires') ?? '0', 10)).toBe(1900);
    call.hangUp();
    await ended(call);
    await phone.stop();
  });

  test('an ICE server that never answers does not hold the INVITE back', async () => {
    FakePeerConnection.gathering = 'stuck';
    const { phone, pbx } = await rig({
      patch: (s) => void (s.ice.servers = [{ urls: ['stun:127.0.0.1:9'] }]),
    });
    await registered(phone);
    const call = phone.call('2000');
    // Gathering never completes: without the early ready() JsSIP would wait forever here.
    await expect.poll(() => pbx.requestsOf('INVITE').length, { timeout: 10_000 }).toBe(1);
    expect(call.timings.inviteSentAt).not.toBeNull();
    call.hangUp();
    await ended(call);
    await phone.stop();
  });

  test('microphone denied: dial failed, classified, nothing sent to the PBX', async () => {
    const { phone, pbx, records } = await rig();
    await registered(phone);
    browser.setMicrophone('denied');
    const end = await ended(phone.call('2000'));
    expect(end).toMatchObject({ outcome: 'dial_failed', dialFailureReason: 'microphone_denied' });
    expect(say(t, end.message)).toMatch(/microphone/i);
    browser.setMicrophone('missing');
    const end2 = await ended(phone.call('2000'));
    expect(end2.dialFailureReason).toBe('no_input_device');
    expect(pbx.requestsOf('INVITE')).toHaveLength(0);
    await expect
      .poll(() => records.map((r) => r.dialFailureReason))
      .toEqual(['microphone_denied', 'no_input_device']);
    await phone.stop();
  });

  test('not registered or a bad number: dial failed before the network', async () => {
    const { phone } = await rig({ start: false });
    expect((await ended(phone.call('2000'))).dialFailureReason).toBe('not_registered');
    expect((await ended(phone.call('call me maybe'))).dialFailureReason).toBe('bad_number');
  });

  test('an ICE failure restarts ICE first; a restart that comes back keeps the call', async () => {
    const { phone, pbx } = await rig();
    const restarts: number[] = [];
    pbx.reinviteScript = (_r, n) => (restarts.push(n), { code: 200, sdp: true });
    await registered(phone);
    const call = phone.call('2000');
    await expect.poll(() => call.state, { timeout: 10_000 }).toBe(CallState.Connected);
    const recovered = new Promise<{ trigger: string }>((resolve) => call.on('recovered', resolve));
    const pc = call.peerConnection as unknown as FakePeerConnection;
    pc.failIce();
    await expect.poll(() => restarts.length).toBe(1);
    expect(call.recovering).toBe(true);
    pc.iceConnectionState = 'connected';
    pc.dispatchEvent(new Event('iceconnectionstatechange'));
    expect((await recovered).trigger).toBe('media');
    expect(call.state).toBe(CallState.Connected);
    expect(call.warnings.map((w) => w.code)).not.toContain('reconnecting');
    await phone.stop();
  });

  test('an ICE failure whose restart is refused ends the call with media_failed instead of dead air', async () => {
    const { phone, pbx } = await rig();
    pbx.reinviteScript = () => ({ code: 488 });
    await registered(phone);
    const call = phone.call('2000');
    await expect.poll(() => call.state, { timeout: 10_000 }).toBe(CallState.Connected);
    (call.peerConnection as unknown as FakePeerConnection).failIce();
    const end = await ended(call);
    expect(end.dialFailureReason).toBe('media_failed');
    expect(say(t, end.message)).toMatch(/audio/i);
    await phone.stop();
  });
});

test.describe('in call', () => {
  test('hold survives one 491 glare (re-sent by the dialog layer), then holds and resumes', async () => {
    const { phone, pbx } = await rig();
    pbx.reinviteScript = (_r, n) => (n === 0 ? { code: 491 } : { code: 200, sdp: true });
    await registered(phone);
    const call = phone.call('2000');
    await expect.poll(() => call.state, { timeout: 10_000 }).toBe(CallState.Connected);
    expect(call.hold(true)).toBe(true);
    // Only one re-INVITE in flight: a second request is refused while the first is pending.
    expect(call.hold(true)).toBe(false);
    await expect.poll(() => call.state, { timeout: 10_000 }).toBe(CallState.Held);
    const reinvites = pbx.requestsOf('INVITE').slice(1);
    expect(reinvites).toHaveLength(2);
    expect(reinvites[1]!.body).toMatch(/a=sendonly|a=inactive/);
    expect(call.hold(false)).toBe(true);
    await expect.poll(() => call.state, { timeout: 10_000 }).toBe(CallState.Connected);
    expect(call.isLive).toBe(true);
    call.hangUp();
    await ended(call);
    await phone.stop();
  });

  test('DTMF by SIP INFO carries the digit and duration', async () => {
    const { phone, pbx } = await rig();
    await registered(phone);
    const call = phone.call('2000');
    await expect.poll(() => call.state, { timeout: 10_000 }).toBe(CallState.Connected);
    expect(call.sendDtmf('5')).toBe(true);
    await expect.poll(() => pbx.requestsOf('INFO').length).toBe(1);
    const info = pbx.requestsOf('INFO')[0]!;
    expect(hdr(info, 'content-type')).toBe('application/dtmf-relay');
    expect(info.body).toMatch(/Signal=5/);
    expect(info.body).toMatch(/Duration=100/);
    expect(call.sendDtmf('not digits')).toBe(false);
    call.hangUp();
    await ended(call);
    await phone.stop();
  });

  test('mute disables the sending track; a new microphone replaces it without renegotiation', async () => {
    const { phone, pbx } = await rig();
    await registered(phone);
    const call = phone.call('2000');
    await expect.poll(() => call.state, { timeout: 10_000 }).toBe(CallState.Connected);
    call.mute(true);
    expect(call.localTrack?.enabled).toBe(false);
    const invitesBefore = pbx.requestsOf('INVITE').length;
    await phone.setDevice('microphone', 'mic-2');
    const pc = call.peerConnection as unknown as FakePeerConnection;
    expect(pc.senders[0]!.track).toBe(call.localTrack);
    // Still muted after the switch, and no re-INVITE.
    expect(call.localTrack?.enabled).toBe(false);
    expect(pbx.requestsOf('INVITE').length).toBe(invitesBefore);
    call.hangUp();
    await ended(call);
    await phone.stop();
  });
});

test.describe('inbound calls', () => {
  test('a ringing call notifies the operator and is declined with 603', async () => {
    const { phone, pbx, notes, records } = await rig();
    await registered(phone);
    const incoming = new Promise<Call>((resolve) => phone.on('incoming', resolve));
    pbx.sendInvite();
    const call = await incoming;
    expect(call.state).toBe(CallState.Incoming);
    expect(call.number).toBe('5551234');
    expect(notes[0]).toContain('5551234');
    call.decline();
    await ended(call);
    await expect.poll(() => pbx.responses.map((r) => r.status)).toContain(603);
    await expect.poll(() => records[0]?.direction).toBe('inbound');
    await phone.stop();
  });

  test('a campaign call with Call-Info answer-after=0 is answered automatically with its contact id', async () => {
    const { phone, pbx } = await rig();
    await registered(phone);
    let rang = false;
    phone.on('incoming', () => (rang = true));
    const calls: Call[] = [];
    phone.on('call', (c) => calls.push(c));
    pbx.sendInvite(['Call-Info: <sip:pbx.test>;answer-after=0', 'X-Dialdeck-Contact-Id: 777']);
    await expect.poll(() => calls[0]?.state, { timeout: 10_000 }).toBe(CallState.Connected);
    expect(calls[0]!.contactId).toBe('777');
    expect(calls[0]!.autoAnswer).toBe(true);
    expect(rang).toBe(false);
    expect(pbx.responses.some((r) => r.status === 200)).toBe(true);
    calls[0]!.hangUp();
    await ended(calls[0]!);
    await phone.stop();
  });

  test('answering without a microphone tells the caller 480 and records why', async () => {
    const { phone, pbx, records } = await rig();
    await registered(phone);
    const incoming = new Promise<Call>((resolve) => phone.on('incoming', resolve));
    pbx.sendInvite();
    const call = await incoming;
    browser.setMicrophone('denied');
    await call.answer();
    await ended(call);
    await expect.poll(() => pbx.responses.map((r) => r.status)).toContain(480);
    await expect.poll(() => records[0]?.dialFailureReason).toBe('microphone_denied');
    await phone.stop();
  });
});
