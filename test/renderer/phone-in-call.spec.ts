/**
 * The phone engine over a fake JsSIP socket, in call and inbound: hold, DTMF, mute, a ringing call, answering
 * automatically, answering without a microphone (phone-rig.ts; registration and outbound calls: phone.spec.ts).
 */
import { expect, test } from '@playwright/test';
import { CallState, type Call } from '../../renderer/phone';
import { FakePeerConnection } from './fake-browser';
import { hdr } from './fake-pbx';
import { ended, registered, rig, usePhoneRig } from './phone-rig';

const browser = usePhoneRig();

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
