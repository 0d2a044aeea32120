import type { DialFailureReason } from './call-record';

export interface MediaErrorClassification {
  reason: DialFailureReason;
  operatorMessage: string;
}

/**
 * A getUserMedia failure, by the DOMException name (Media Capture and Streams §9.4; the older Chrome names
 * PermissionDeniedError, DevicesNotFoundError and TrackStartError still appear in the wild). JsSIP reports every
 * getUserMedia failure as "User Denied Media Access", so the phone classifies the DOMException itself.
 */
export function classifyMediaError(name: string): MediaErrorClassification {
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return {
        reason: 'microphone_denied',
        operatorMessage:
          'Dialdeck may not use the microphone. Allow microphone access for Dialdeck in your system settings, then call again.',
      };
    case 'NotFoundError':
    case 'DevicesNotFoundError':
      return {
        reason: 'no_input_device',
        operatorMessage: 'No microphone was found. Plug in your headset, then choose it in Settings → Audio.',
      };
    case 'OverconstrainedError':
      return {
        reason: 'no_input_device',
        operatorMessage:
          'The microphone chosen in Settings is not connected. Plug it in, or choose another microphone in Settings → Audio.',
      };
    // No reason value of its own: the operator's fix (free or replug the device) is the same as for a missing one.
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return {
        reason: 'no_input_device',
        operatorMessage:
          'The microphone could not be started; another application may be using it. Close other call or recording apps, or replug the headset, then call again.',
      };
    default:
      return {
        reason: 'internal_error',
        operatorMessage: `The microphone could not be opened (${name || 'unknown error'}). Try again; report it if it repeats.`,
      };
  }
}
