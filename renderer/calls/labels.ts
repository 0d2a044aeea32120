/** Words the operator sees for the phone's states. */
import { CallState, RegistrationState, type Call } from '../phone';

export const registrationLabel: Record<RegistrationState, string> = {
  [RegistrationState.Idle]: 'Not connected',
  [RegistrationState.Connecting]: 'Connecting…',
  [RegistrationState.Registering]: 'Registering…',
  [RegistrationState.Registered]: 'Registered',
  [RegistrationState.Reconnecting]: 'Reconnecting…',
  [RegistrationState.Failed]: 'Not registered',
  [RegistrationState.Stopped]: 'Signed out',
};

export function callStateLabel(call: Call): string {
  switch (call.state) {
    case CallState.Dialling:
      return 'Dialling…';
    case CallState.Calling:
      return 'Calling…';
    case CallState.Ringing:
      return 'Ringing…';
    case CallState.Incoming:
      return 'Incoming call';
    case CallState.Answering:
      return 'Answering…';
    case CallState.Connected:
      return 'Connected';
    case CallState.Holding:
      return 'Putting on hold…';
    case CallState.Held:
      return 'On hold';
    case CallState.Resuming:
      return 'Resuming…';
    case CallState.Ended:
      return call.end?.outcome === 'answered' ? 'Call ended' : 'Call failed';
  }
}

export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

export const outcomeLabel: Record<string, string> = {
  answered: 'Answered',
  rejected: 'Rejected',
  unreachable: 'Unreachable',
  dial_failed: 'Dial failed',
  cancelled: 'Cancelled',
};
