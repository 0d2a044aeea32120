/**
 * When a recovering call counts as back (media-flow.ts): only when every media signal the browser exposes says
 * audio flows, so the operator's "Reconnecting…" never clears before the customer can be heard.
 */
import { expect, test } from '@playwright/test';
import { mediaVerdict, QUIET_FAR_END_MS, type MediaSignals } from '../../renderer/phone/media-flow';

const back: MediaSignals = {
  reinviteAnswered: true,
  ice: 'connected',
  dtls: 'connected',
  rtpGrowing: true,
  pathUpForMs: 100,
};

const table: Array<[string, Partial<MediaSignals>, 'flowing' | 'waiting']> = [
  ['everything back', {}, 'flowing'],
  ['ICE completed counts as connected', { ice: 'completed' }, 'flowing'],
  ['the re-INVITE is not answered yet', { reinviteAnswered: false }, 'waiting'],
  ['ICE still checking', { ice: 'checking' }, 'waiting'],
  ['ICE disconnected', { ice: 'disconnected' }, 'waiting'],
  ['DTLS handshake with the new relay under way', { dtls: 'connecting' }, 'waiting'],
  ['DTLS new', { dtls: 'new' }, 'waiting'],
  ['DTLS failed (the deadline ends the call)', { dtls: 'failed' }, 'waiting'],
  ['DTLS up but no packet since the last look', { rtpGrowing: false }, 'waiting'],
  [
    'path up for 3 s and still no packet: a far end quiet in silence (VAD), not a dead path',
    { rtpGrowing: false, pathUpForMs: QUIET_FAR_END_MS },
    'flowing',
  ],
  ['no RTCRtpSender.transport in this browser: ICE and RTP decide', { dtls: undefined }, 'flowing'],
  ['no stats in this browser: ICE and DTLS decide', { rtpGrowing: undefined }, 'flowing'],
  ['neither exposed: ICE decides', { dtls: undefined, rtpGrowing: undefined }, 'flowing'],
  [
    'neither exposed and ICE not back',
    { dtls: undefined, rtpGrowing: undefined, ice: 'checking' },
    'waiting',
  ],
];

for (const [name, change, verdict] of table) {
  test(`media back? ${name}: ${verdict}`, () => {
    expect(mediaVerdict({ ...back, ...change })).toBe(verdict);
  });
}
