/** The catalog keys of the phone's states, as the operator reads them. */
import type { MessageKey } from '../../core/i18n';
import { CallState, RegistrationState, type Call } from '../phone';

export const registrationLabel: Record<RegistrationState, MessageKey> = {
  [RegistrationState.Idle]: 'registration.idle',
  [RegistrationState.Connecting]: 'registration.connecting',
  [RegistrationState.Registering]: 'registration.registering',
  [RegistrationState.Registered]: 'registration.registered',
  [RegistrationState.Reconnecting]: 'registration.reconnecting',
  [RegistrationState.Failed]: 'registration.failed',
  [RegistrationState.Stopped]: 'registration.stopped',
};

const callStateLabels: Record<Exclude<CallState, CallState.Ended>, MessageKey> = {
  [CallState.Dialling]: 'callState.dialling',
  [CallState.Calling]: 'callState.calling',
  [CallState.Ringing]: 'callState.ringing',
  [CallState.Incoming]: 'callState.incoming',
  [CallState.Answering]: 'callState.answering',
  [CallState.Connected]: 'callState.connected',
  [CallState.Holding]: 'callState.holding',
  [CallState.Held]: 'callState.held',
  [CallState.Resuming]: 'callState.resuming',
};

export function callStateLabel(call: Call): MessageKey {
  if (call.state === CallState.Ended)
    return call.end?.outcome === 'answered' ? 'callState.ended' : 'callState.failed';
  return callStateLabels[call.state];
}

const outcomeLabels: Record<string, MessageKey> = {
  answered: 'outcome.answered',
  rejected: 'outcome.rejected',
  unreachable: 'outcome.unreachable',
  dial_failed: 'outcome.dial_failed',
  cancelled: 'outcome.cancelled',
};

export function outcomeLabel(outcome: string): MessageKey | null {
  return Object.hasOwn(outcomeLabels, outcome) ? outcomeLabels[outcome]! : null;
}
