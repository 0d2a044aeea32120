/**
 * What JsSIP 3.13.8 does to an established call when the network fails, and where we step in.
 *
 * - The WebSocket drops: the user agent calls `onTransportError` on every transaction in flight, and a session
 *   with one (a re-INVITE, a session-timer refresh, an INFO) terminates itself. A session with none is left
 *   alone, but the next request it sends over the dead socket fails at once the same way.
 * - ICE reaches `failed`: the session's own listener terminates it as "RTP Timeout" (a BYE that usually cannot
 *   even leave).
 * - A re-INVITE answered 481 or 408: `onDialogError` terminates it, and the status code is not passed on.
 * - Its session-timer refresh (RFC 4028, when we are the refresher) finds another offer under way (an ICE
 *   restart, a hold): the timer returns without refreshing and is never armed again, so the far end, which
 *   watches for the refresh, ends the call when the session expires (section 10).
 *
 * Each of these ends calls that could still be saved (JsSIP issue #738). Rather than patch node_modules, the
 * call's own session object gets these entry points replaced while it is established: a transport error
 * or an ICE failure starts recovery instead of ending the call, a dialog error during recovery ends it with
 * the reason, and a refresh that finds an offer under way is tried again shortly. Before the call is
 * established, and for everything else, JsSIP's behaviour is kept.
 */
import type { RTCSession } from 'jssip/lib/RTCSession';

/** JsSIP's cause string for its ICE-failed termination (JsSIP_C.causes.RTP_TIMEOUT). */
const ICE_FAILED_CAUSE = 'RTP Timeout';

type Overridable = {
  onTransportError(): void;
  onDialogError(): void;
  terminate(options?: { cause?: string }): void;
};

export type SessionFaults = {
  /** The socket under the call died (a request could not be sent, or one in flight lost its transport). */
  transportLost: () => void;
  /** JsSIP saw ICE fail and would hang up. */
  iceFailed: () => void;
  /** A request inside the dialog got 481 or 408. Return true when it was ours (recovery), to keep JsSIP out. */
  dialogLost: () => boolean;
};

/** JsSIP's session-timer internals (RTCSession.js, 3.13.8), as keepRefreshing uses them. */
type SessionTimerInternals = {
  _sessionTimers?: {
    refresher: boolean;
    currentExpires: number;
    refreshMethod: string;
    timer?: ReturnType<typeof setTimeout>;
  };
  _runSessionTimer?: () => void;
  _sendUpdate?: () => void;
  _sendReinvite?: () => void;
};

/** How soon a refresh that found another offer under way is tried again: offers here settle within seconds. */
export const REFRESH_RETRY_MS = 1000;

/**
 * Keeps our session-timer refreshes going when one falls due while another offer is under way: JsSIP's own
 * timer would give up for good. The refresh is sent the way JsSIP sends it (UPDATE or re-INVITE, its headers);
 * only the timer around it is ours. A JsSIP without these internals keeps its own behaviour.
 */
export function keepRefreshing(session: RTCSession): void {
  const s = session as unknown as SessionTimerInternals;
  const run = s._runSessionTimer;
  const sendUpdate = s._sendUpdate;
  const sendReinvite = s._sendReinvite;
  if (!run || !sendUpdate || !sendReinvite) return;
  s._runSessionTimer = () => {
    run.call(session);
    const timers = s._sessionTimers;
    if (!timers?.refresher) return;
    clearTimeout(timers.timer);
    const refresh = () => {
      if (session.isEnded()) return;
      if (!session.isReadyToReOffer()) {
        timers.timer = setTimeout(refresh, REFRESH_RETRY_MS);
        return;
      }
      if (timers.refreshMethod === 'UPDATE') sendUpdate.call(session);
      else sendReinvite.call(session);
    };
    // Half the interval, as RFC 4028 section 10 (and JsSIP) has it.
    timers.timer = setTimeout(refresh, timers.currentExpires * 500);
  };
}

/** Installs the overrides on this session object only; established() decides whether they apply. */
export function guardSession(session: RTCSession, faults: SessionFaults): void {
  const s = session as unknown as Overridable;
  const own = {
    onTransportError: s.onTransportError,
    onDialogError: s.onDialogError,
    terminate: s.terminate,
  };
  keepRefreshing(session);
  const established = () => session.isEstablished() && !session.isEnded();
  s.onTransportError = () => {
    if (established()) faults.transportLost();
    else own.onTransportError.call(session);
  };
  s.onDialogError = () => {
    if (!(established() && faults.dialogLost())) own.onDialogError.call(session);
  };
  s.terminate = (options) => {
    if (options?.cause === ICE_FAILED_CAUSE && established()) return faults.iceFailed();
    own.terminate.call(session, options);
  };
}
