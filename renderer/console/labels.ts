/** Words the operator sees in the console: dial-failure reasons with their fix, pause reasons. */
import type { DialFailureReason } from '../../core/call-record';

export const dialFailureHelp: Record<DialFailureReason, { what: string; fix: string }> = {
  microphone_denied: {
    what: 'Microphone access is blocked',
    fix: 'Allow the microphone for Dialdeck (browser: padlock in the address bar → Microphone → Allow; Windows/macOS: privacy settings), then go Ready again.',
  },
  no_input_device: {
    what: 'No microphone',
    fix: 'Plug in your headset (or choose another microphone in the Phone view), then go Ready again.',
  },
  not_registered: {
    what: 'The phone is not registered to the PBX',
    fix: 'Check Settings → SIP account; wait for "Registered" in the Phone view before going Ready.',
  },
  transport_down: {
    what: 'The connection to the PBX is down',
    fix: 'Check the network and the PBX WebSocket URL in Settings → SIP account; the phone reconnects by itself.',
  },
  authentication_failed: {
    what: 'The PBX refused your SIP credentials',
    fix: 'Correct the SIP user name and password in Settings → SIP account.',
  },
  pbx_refused: {
    what: 'The PBX refused the call',
    fix: 'Your extension may not be allowed to call this number: tell your supervisor (the SIP code is in the report).',
  },
  pbx_error: {
    what: 'The PBX failed to place the call',
    fix: 'A PBX or trunk problem (5xx): tell your supervisor; the contact is retried later.',
  },
  media_failed: {
    what: 'Audio could not be established',
    fix: 'A firewall or VPN may block the audio: check ICE servers in Settings, or tell IT.',
  },
  bad_number: {
    what: 'The number cannot be dialled',
    fix: 'The contact\u2019s number is not valid: your supervisor can correct it.',
  },
  internal_error: {
    what: 'Internal error while dialling',
    fix: 'Try again; if it repeats, send the log (Settings → Diagnostics) to IT.',
  },
};

export function isDialFailureReason(reason: string | null): reason is DialFailureReason {
  return reason !== null && Object.hasOwn(dialFailureHelp, reason);
}

export function dialFailureText(reason: string | null): { what: string; fix: string } {
  if (reason && reason in dialFailureHelp) return dialFailureHelp[reason as DialFailureReason];
  return { what: reason ? `Dial failed (${reason})` : 'Dial failed', fix: 'Check the phone and try again.' };
}

export const pauseReasons = ['Break', 'Lunch', 'Meeting', 'Training', 'Technical problem', 'Other'] as const;

export const connectionLabel = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
} as const;
