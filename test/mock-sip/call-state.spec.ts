// The call-state table (mock-sip/call-state.ts) and what it means on the wire: a call never leaves `ended`,
// and a message that would make a nonsense move changes nothing a tester sees.
import { expect, test } from '@playwright/test';
import { callMoves, moveCall, type CallState } from '../../mock-sip/call-state';
import { startMockSip } from '../../mock-sip/index';
import { isResponse, status, udpClient } from './raw-sip';

const states = Object.keys(callMoves) as CallState[];

test('ended is final: no move leaves it', () => {
  for (const to of states) {
    const call = { state: 'ended' as CallState };
    expect(moveCall(call, to), `ended → ${to}`).toBe(false);
    expect(call.state).toBe('ended');
  }
});

test('every call can end, whatever state it is in', () => {
  for (const from of states.filter((s) => s !== 'ended')) {
    const call = { state: from };
    expect(moveCall(call, 'ended'), `${from} → ended`).toBe(true);
  }
});

test('a call that was never answered cannot be held, and a refused move changes nothing', () => {
  for (const from of ['trying', 'ringing'] as const) {
    const call = { state: from as CallState };
    expect(moveCall(call, 'held')).toBe(false);
    expect(call.state).toBe(from);
  }
  const answered = { state: 'answered' as CallState };
  expect(moveCall(answered, 'ringing')).toBe(false);
  expect(moveCall(answered, 'held')).toBe(true);
  expect(moveCall(answered, 'answered')).toBe(true);
});

test('rfc3311 an UPDATE with a=sendonly in the early dialog leaves a ringing call ringing', async () => {
  const domain = 'mock.dialdeck.test';
  const sip = await startMockSip({ scenario: { domain, customers: { '+1': { action: 'ring' } } } });
  const udp = await udpClient(sip.udpPort);
  try {
    const request = (method: string, branch: string, cseq: number, toTag = '', body = '') =>
      [
        `${method} sip:+1@${domain} SIP/2.0`,
        `Via: SIP/2.0/UDP 127.0.0.1:${udp.port};branch=${branch};rport`,
        'Max-Forwards: 70',
        `From: <sip:tester@${domain}>;tag=t1`,
        `To: <sip:+1@${domain}>${toTag ? `;tag=${toTag}` : ''}`,
        'Call-ID: early-update',
        `CSeq: ${cseq} ${method}`,
        `Contact: <sip:tester@127.0.0.1:${udp.port}>`,
        ...(body ? ['Content-Type: application/sdp'] : []),
        `Content-Length: ${Buffer.byteLength(body)}`,
        '',
        body,
      ].join('\r\n');
    udp.send(request('INVITE', 'z9hG4bKearly1', 1));
    const ringing = await udp.next(isResponse(180, 'INVITE'));
    const toTag = /^To:.*;tag=([^;\s]+)/im.exec(ringing)?.[1] ?? '';
    const sdp = ['v=0', 'o=- 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0'];
    const hold = [...sdp, 'm=audio 4000 RTP/AVP 0', 'a=sendonly', ''].join('\r\n');
    udp.send(request('UPDATE', 'z9hG4bKearly2', 2, toTag, hold));
    expect(status(await udp.next(isResponse(200, 'UPDATE')))).toBe(200);
    const [call] = sip.calls();
    expect(call?.state).toBe('ringing');
    expect(sip.events().some((e) => e.type === 'call_move_refused' && e.to === 'held')).toBe(true);
  } finally {
    udp.close();
    await sip.stop();
  }
});
