/**
 * JsSIP sends the INVITE only when ICE gathering completes, and a slow or unreachable STUN/TURN server makes
 * that take ~40 s (MACHINE.md). We tell JsSIP to go on (`event.ready()`) as soon as the candidates that matter
 * are in:
 *  - no STUN/TURN configured: host candidates are all there will be; Chromium reports every interface's UDP
 *    candidate in one burst, so we go HOST_SETTLE_MS after the first one instead of waiting ~100 ms more for
 *    gathering to formally end (TCP candidates, which PBX media servers do not use);
 *  - TURN configured: at the first relay candidate (behind a strict NAT it is the only one that works);
 *  - STUN only: at the first server-reflexive candidate;
 *  - and in any case `timeoutMs` after the first candidate, whatever arrived by then.
 * An answer with no STUN/TURN goes at its first host candidate: the offer already says where the far end is,
 * our connectivity checks reach it from every local candidate (it learns the others as peer-reflexive, RFC 8445
 * §7.3.1.3), and on an auto-answered campaign call every millisecond is dead air for the customer.
 */
import type { IceCandidateEvent } from 'jssip/lib/RTCSession';

export const HOST_SETTLE_MS = 40;

export type IcePolicy = {
  timeoutMs: number;
  servers: ReadonlyArray<{ urls: string | readonly string[] }>;
  /** Our SDP is an answer (inbound call). */
  answering?: boolean;
};

export function earlyIceReady(policy: IcePolicy): {
  onCandidate: (e: IceCandidateEvent) => void;
  cancel: () => void;
} {
  const urls = policy.servers.flatMap((s) => (typeof s.urls === 'string' ? [s.urls] : [...s.urls]));
  const wantRelay = urls.some((u) => /^turns?:/i.test(u));
  const hostOnly = urls.length === 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let done = false;
  const finish = (ready: () => void) => {
    if (done) return;
    done = true;
    if (timer) clearTimeout(timer);
    timer = null;
    ready();
  };
  return {
    onCandidate(e) {
      if (done) return;
      const type = e.candidate?.type ?? /\btyp (\w+)/.exec(e.candidate?.candidate ?? '')?.[1];
      if (type === 'relay' || (type === 'srflx' && !wantRelay) || (hostOnly && policy.answering)) {
        finish(e.ready);
        return;
      }
      if (!timer) timer = setTimeout(() => finish(e.ready), hostOnly ? HOST_SETTLE_MS : policy.timeoutMs);
    },
    cancel() {
      done = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
