/**
 * The phone engine over a fake JsSIP socket, registration and outbound calls: FakePbx plays the PBX, a fake
 * RTCPeerConnection stands in for WebRTC (phone-rig.ts). Real JsSIP throughout. In-call and inbound: phone-in-call.spec.ts.
 */
import { expect, test } from '@playwright/test';
import { CallState, RegistrationState } from '../../renderer/phone';
import { createTranslator } from '../../core/i18n/translate';
import { en } from '../../core/i18n/en';
import { say } from '../../core/i18n';
import { FakePeerConnection } from './fake-browser';
import { FakePbx, hdr } from './fake-pbx';
import { ended, registered, rig, usePhoneRig } from './phone-rig';

/** What the operator reads, in English. */
const { t } = createTranslator('en', en);

const browser = usePhoneRig();

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
