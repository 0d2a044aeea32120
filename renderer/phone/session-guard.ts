/**
 * What JsSIP 3.13.8 does to an established call when the network fails, and where we step in.
 *
 * - The WebSocket drops: the user agent calls `onTransportError` on every transaction in flight, and a session
 *   with one (a re-INVITE, a session-timer refresh, an INFO) terminates itself. A session with none is left
 *   alone, but the next request it sends over the dead socket fails at once the same way.
 * - ICE reaches `failed`: the session's own listener terminates it as "RTP Timeout" (a BYE that usually cannot
 *   even leave).
 * - A re-INVITE answered 481 or 408: `onDialogError` terminates it, and the status code is not passed on.
 *
 * Each of these ends calls that could still be saved (JsSIP issue #738). Rather than patch node_modules, the
 * call's own session object gets these three entry points replaced while it is established: a transport error
 * or an ICE failure starts recovery instead of ending the call, and a dialog error during recovery ends it with
 * the reason. Before the call is established, and for everything else, JsSIP's behaviour is kept.
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

/** Installs the overrides on this session object only; established() decides whether they apply. */
export function guardSession(session: RTCSession, faults: SessionFaults): void {
  const s = session as unknown as Overridable;
  const own = {
    onTransportError: s.onTransportError,
    onDialogError: s.onDialogError,
    terminate: s.terminate,
  };
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
