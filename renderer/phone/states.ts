/**
 * The phone's two explicit state machines: one for the registration, one per call. Each is an enum, a table of
 * legal moves and one transition function that throws on an illegal move, so a JsSIP event arriving in an
 * unexpected order shows up as an error in the log instead of a silently wrong screen.
 */

/**
 * ```
 *            start                 socket up              200 OK
 *   idle ───────────► connecting ───────────► registering ───────► registered
 *    ▲                    │                     │   ▲                 │
 *    │ stop               │ error               │   │ socket up       │ socket drop
 *    │                    ▼        401/403/408  ▼   │                 ▼
 *  stopped ◄──────────  failed ◄─────────────── reconnecting ◄────────┘
 * ```
 * Every state may go to `stopped` (the operator signs out, settings change, the app quits).
 */
export enum RegistrationState {
  Idle = 'idle',
  Connecting = 'connecting',
  Registering = 'registering',
  Registered = 'registered',
  Reconnecting = 'reconnecting',
  Failed = 'failed',
  Stopped = 'stopped',
}

const registrationMoves: Record<RegistrationState, readonly RegistrationState[]> = {
  [RegistrationState.Idle]: [
    RegistrationState.Connecting,
    RegistrationState.Failed,
    RegistrationState.Stopped,
  ],
  [RegistrationState.Connecting]: [
    RegistrationState.Registering,
    RegistrationState.Reconnecting,
    RegistrationState.Failed,
    RegistrationState.Stopped,
  ],
  [RegistrationState.Registering]: [
    RegistrationState.Registered,
    RegistrationState.Reconnecting,
    RegistrationState.Failed,
    RegistrationState.Stopped,
  ],
  [RegistrationState.Registered]: [
    // A refresh that the registrar refuses, or an unregister by the PBX.
    RegistrationState.Registering,
    RegistrationState.Reconnecting,
    RegistrationState.Failed,
    RegistrationState.Stopped,
  ],
  [RegistrationState.Reconnecting]: [
    RegistrationState.Registering,
    RegistrationState.Failed,
    RegistrationState.Stopped,
  ],
  [RegistrationState.Failed]: [
    RegistrationState.Registering,
    RegistrationState.Reconnecting,
    RegistrationState.Connecting,
    RegistrationState.Stopped,
  ],
  [RegistrationState.Stopped]: [RegistrationState.Connecting],
};

/**
 * ```
 *  outbound:  dialling ──INVITE──► calling ──18x──► ringing ──200──► connected ◄──► holding ──► held
 *  inbound:   incoming ──answer──► answering ──ACK/200──────────────► connected      ▲            │
 *                                                                        ▲           └─ resuming ◄┘
 *  any state but ended ──► ended   (hang-up, cancel, decline, failure, media failure)
 * ```
 * `holding` and `resuming` mean a re-INVITE is in flight: only one at a time (RFC 3261 14.1).
 */
export enum CallState {
  Dialling = 'dialling',
  Calling = 'calling',
  Ringing = 'ringing',
  Incoming = 'incoming',
  Answering = 'answering',
  Connected = 'connected',
  Holding = 'holding',
  Held = 'held',
  Resuming = 'resuming',
  Ended = 'ended',
}

const callMoves: Record<CallState, readonly CallState[]> = {
  [CallState.Dialling]: [CallState.Calling, CallState.Ended],
  [CallState.Calling]: [CallState.Ringing, CallState.Connected, CallState.Ended],
  [CallState.Ringing]: [CallState.Connected, CallState.Ended],
  [CallState.Incoming]: [CallState.Answering, CallState.Ended],
  [CallState.Answering]: [CallState.Connected, CallState.Ended],
  [CallState.Connected]: [CallState.Holding, CallState.Ended],
  // A refused or glared (491) hold goes back to where it came from.
  [CallState.Holding]: [CallState.Held, CallState.Connected, CallState.Ended],
  [CallState.Held]: [CallState.Resuming, CallState.Ended],
  [CallState.Resuming]: [CallState.Connected, CallState.Held, CallState.Ended],
  [CallState.Ended]: [],
};

export class IllegalTransition extends Error {
  constructor(machine: string, from: string, to: string) {
    super(`${machine}: illegal move ${from} → ${to}`);
    this.name = 'IllegalTransition';
  }
}

export function registrationTransition(from: RegistrationState, to: RegistrationState): RegistrationState {
  if (!registrationMoves[from].includes(to)) throw new IllegalTransition('registration', from, to);
  return to;
}

export function callTransition(from: CallState, to: CallState): CallState {
  if (!callMoves[from].includes(to)) throw new IllegalTransition('call', from, to);
  return to;
}

export function canMoveCall(from: CallState, to: CallState): boolean {
  return callMoves[from].includes(to);
}

export const liveCallStates: readonly CallState[] = [
  CallState.Connected,
  CallState.Holding,
  CallState.Held,
  CallState.Resuming,
];

/**
 * A live call riding out a fault (call-recovery.ts):
 * ```
 *            socket drop                      registered again
 *   steady ───────────────► awaiting signalling ───────────────► restarting ──2xx + ICE connected──► steady
 *     │  ICE down, socket up                  ▲   socket drop         │
 *     └───────────────────────────────────────┼───────────────────────┘ (straight to restarting)
 *                                             └────────────────────────┘
 *  awaiting signalling / restarting ──deadline, 481/408, refused──► given up (the call ends with why)
 * ```
 */
export enum RecoveryPhase {
  Steady = 'steady',
  AwaitingSignalling = 'awaiting_signalling',
  Restarting = 'restarting',
  GivenUp = 'given_up',
}

const recoveryMoves: Record<RecoveryPhase, readonly RecoveryPhase[]> = {
  [RecoveryPhase.Steady]: [RecoveryPhase.AwaitingSignalling, RecoveryPhase.Restarting, RecoveryPhase.GivenUp],
  [RecoveryPhase.AwaitingSignalling]: [RecoveryPhase.Restarting, RecoveryPhase.GivenUp],
  [RecoveryPhase.Restarting]: [RecoveryPhase.Steady, RecoveryPhase.AwaitingSignalling, RecoveryPhase.GivenUp],
  [RecoveryPhase.GivenUp]: [],
};

export function recoveryTransition(from: RecoveryPhase, to: RecoveryPhase): RecoveryPhase {
  if (!recoveryMoves[from].includes(to)) throw new IllegalTransition('recovery', from, to);
  return to;
}

export function canMoveRecovery(from: RecoveryPhase, to: RecoveryPhase): boolean {
  return recoveryMoves[from].includes(to);
}
