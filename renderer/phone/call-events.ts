/**
 * What a Call tells its listeners (its events, how it ended, its warnings and timings) and what it needs from the
 * phone that made it (CallContext), apart from the Call itself so the phone and the views can name them.
 */
import type { RTCSession } from 'jssip/lib/RTCSession';
import type { CallOutcome, DialFailureReason } from '../../core/call-record';
import type { UiText } from '../../core/i18n';
import type { QualitySample } from './quality';
import type { CallState } from './states';
import type { Call } from './call';

export type CallDirection = 'outbound' | 'inbound';

/** How a call ended, as the operator and the campaign server are told. */
export type CallEnd = {
  outcome: CallOutcome;
  dialFailureReason: DialFailureReason | null;
  sipCode: number | null;
  /** JsSIP's cause (`Busy`, `Canceled`, `Terminated`, …) or ours (`media_failed`, `microphone`). */
  cause: string | null;
  originator: 'local' | 'remote' | 'system';
  /** One line for the operator ("The line is busy (486)."), translated where it is shown. */
  message: UiText;
};

export type CallWarning = {
  code:
    | 'no_audio_received'
    | 'hold_failed'
    | 'device_fallback'
    | 'no_input_left'
    | 'dtmf_refused'
    | 'reconnecting';
  message: UiText;
};

/** performance.now() marks, for the timer, the test hooks and the benchmarks. */
export type CallTimings = {
  requestedAt: number;
  /** The microphone stream is open (getUserMedia resolved). */
  microphoneAt: number | null;
  inviteSentAt: number | null;
  progressAt: number | null;
  answeredAt: number | null;
  confirmedAt: number | null;
  endedAt: number | null;
};

export function newCallTimings(requestedAt: number): CallTimings {
  return {
    requestedAt,
    microphoneAt: null,
    inviteSentAt: null,
    progressAt: null,
    answeredAt: null,
    confirmedAt: null,
    endedAt: null,
  };
}

/** How the phone creates a Call: an outbound one before its session exists, an inbound one with its session. */
export type CallInit = {
  direction: CallDirection;
  number: string;
  displayName?: string | null;
  contactId?: string | null;
  autoAnswer?: boolean;
  /** A campaign call refused 486 because another call is live: the dialer, not this phone, reports its outcome. */
  refusedBusy?: boolean;
  session?: RTCSession;
  requestedAt?: number;
};

export type CallEvents = {
  state: CallState;
  progress: { sipCode: number | null; earlyMedia: boolean };
  accepted: undefined;
  confirmed: undefined;
  ended: CallEnd;
  failed: CallEnd;
  quality: QualitySample;
  warning: CallWarning;
  /** A dropped connection or a dead media path was recovered (call-recovery.ts): how long it took. */
  recovered: { afterMs: number; trigger: 'signalling' | 'media' };
  /** Anything visible changed (state, mute, hold, quality): re-render. */
  update: undefined;
};

/** What a Call needs from the phone; an interface so unit tests can give it a stub. */
export type CallContext = {
  settings: {
    iceServers: RTCIceServer[];
    gatheringTimeoutMs: number;
    dtmf: { mode: 'rfc2833' | 'info'; durationMs: number; interToneGapMs: number };
    sessionTimers: { enabled: boolean; expiresSeconds: number };
  };
  devices: () => { microphoneId: string; speakerId: string };
  audioProcessing: () => boolean;
  /** The call's microphone track ended by itself (unplugged): the phone finds another input (device-faults.ts). */
  microphoneLost?: (call: Call) => void;
  /** The microphone kept open while the operator is Ready (ready-microphone.ts), for the call being answered; null when none is kept. */
  readyMicrophone?: () => Promise<MediaStream> | null;
  /** Answers may leave at the first ICE candidate (ice.ts); false only to measure the difference. */
  answerAtFirstCandidate?: () => boolean;
  /** Registered over a working connection: a recovering call may send its re-INVITE (call-recovery.ts). */
  signallingUp?: () => boolean;
  /** The call suffers in a way a dead connection would explain: ask the PBX at once (flow-keepalive.ts). */
  suspectConnection?: (why: string) => void;
  /** Starts an outbound session; the phone wraps ua.call. */
  startSession: (target: string, options: StartOptions) => RTCSession;
  log: (level: 'info' | 'warn' | 'error', message: string, data?: Record<string, unknown>) => void;
};

export type StartOptions = {
  mediaStream: MediaStream;
  extraHeaders: string[];
  sessionTimersExpires: number;
  pcConfig: RTCConfiguration;
  eventHandlers: Record<string, (...args: never[]) => void>;
};

export type OutboundOptions = {
  /** Extra SIP headers on the INVITE, e.g. `X-Dialdeck-Contact-Id: 42`. */
  extraHeaders?: string[];
  /** The campaign contact this call is for; kept on the call and in its record. */
  contactId?: string | null;
};
