/**
 * RFC 3264 section 8 as the SIP dialer reads it (server/dialer/sdp.ts): which offers leave the session as it is,
 * so the dialer answers them itself instead of re-INVITEing the other leg of the call.
 */
import { expect, test } from '@playwright/test';
import { sameSession } from '../../server/dialer/sdp';

const sdp = (version: number, port = 26318, extra: string[] = []) =>
  [
    'v=0',
    `o=sipp 1 ${version} IN IP4 127.0.0.1`,
    's=-',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    `m=audio ${port} RTP/AVP 0 101`,
    'a=rtpmap:0 PCMU/8000',
    ...extra,
    'a=sendrecv',
    '',
  ].join('\r\n');

test('rfc3264_8: the same origin line is the same session', () => {
  expect(sameSession(sdp(1), sdp(1))).toBe(true);
});

test("rfc3264_8: only the origin's version raised over the same SDP is the same session (sipp's refresh)", () => {
  expect(sameSession(sdp(2), sdp(1))).toBe(true);
  // Line endings do not count.
  expect(sameSession(sdp(2).replace(/\r\n/g, '\n'), sdp(1))).toBe(true);
});

test('rfc3264_8: a new media port, a new attribute or another session id is a new offer', () => {
  expect(sameSession(sdp(2, 26330), sdp(1))).toBe(false);
  expect(sameSession(sdp(2, 26318, ['a=ptime:20']), sdp(1))).toBe(false);
  expect(sameSession(sdp(1).replace('o=sipp 1 ', 'o=sipp 7 '), sdp(1))).toBe(false);
});

test('no previous SDP: nothing to compare with', () => {
  expect(sameSession(sdp(1), null)).toBe(false);
  expect(sameSession(null, sdp(1))).toBe(false);
});
