/**
 * RFC 4028 as the dialer reads it: who refreshes, how often, and what its answer to the far end's refresh says.
 * The refreshes themselves, through Kamailio to a sipp customer: test/interop/dialer-session.spec.ts and
 * test/interop/dialer-refresh.spec.ts (a far end that stops refreshing is hung up when its session expires).
 */
import { expect, test } from '@playwright/test';
import {
  IncomingRequestMessage,
  IncomingResponseMessage,
  LoggerFactory,
  Parser,
} from 'sip.js/lib/core/index.js';
import { expiresAfterMs, refreshAnswerHeaders, sessionInterval } from '../../server/dialer/sip-session-timer';

const logger = new LoggerFactory().getLogger('test');

function message(start: string, extra: string[]): string {
  return [
    start,
    'Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK1',
    'From: <sip:a@example.com>;tag=1',
    'To: <sip:b@example.com>;tag=2',
    'Call-ID: c1',
    'CSeq: 1 INVITE',
    ...extra,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

const response = (extra: string[]) =>
  Parser.parseMessage(message('SIP/2.0 200 OK', extra), logger) as IncomingResponseMessage;
const request = (extra: string[]) =>
  Parser.parseMessage(message('INVITE sip:b@example.com SIP/2.0', extra), logger) as IncomingRequestMessage;

test('a 2xx names who refreshes; without a refresher the dialer (UAC) does; no header means no timer', () => {
  expect(sessionInterval(response(['Session-Expires: 90;refresher=uac']))).toEqual({
    seconds: 90,
    refresher: 'uac',
  });
  expect(sessionInterval(response(['Session-Expires: 1800;refresher=uas']))).toEqual({
    seconds: 1800,
    refresher: 'uas',
  });
  expect(sessionInterval(response(['Session-Expires: 300']))).toEqual({ seconds: 300, refresher: 'uac' });
  // Below RFC 4028's 90 s floor, the floor.
  expect(sessionInterval(response(['Session-Expires: 30;refresher=uac']))?.seconds).toBe(90);
  expect(sessionInterval(response([]))).toBeNull();
});

test("the answer to the far end's refresh echoes its interval and who refreshes", () => {
  expect(refreshAnswerHeaders(request(['Session-Expires: 1800;refresher=uac']))).toEqual([
    'Require: timer',
    'Session-Expires: 1800;refresher=uac',
  ]);
  expect(refreshAnswerHeaders(request(['Session-Expires: 600;refresher=uas']))).toEqual([
    'Require: timer',
    'Session-Expires: 600;refresher=uas',
  ]);
  expect(refreshAnswerHeaders(request([]))).toEqual([]);
});

test('rfc4028_10: a session the far end refreshes expires the interval less a third of it, at most 32 s, after the last refresh', () => {
  expect(expiresAfterMs(90)).toBe(60_000);
  expect(expiresAfterMs(96)).toBe(64_000);
  // From 96 s on, the 32 s cap.
  expect(expiresAfterMs(120)).toBe(88_000);
  expect(expiresAfterMs(1800)).toBe(1_768_000);
});
