import type { DialFailureReason } from './call-record';
import { uiText, type UiText } from './i18n/text';

export interface MediaErrorClassification {
  reason: DialFailureReason;
  operatorMessage: UiText;
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
        operatorMessage: uiText('end.micDenied'),
      };
    case 'NotFoundError':
    case 'DevicesNotFoundError':
      return {
        reason: 'no_input_device',
        operatorMessage: uiText('mic.notFound'),
      };
    case 'OverconstrainedError':
      return {
        reason: 'no_input_device',
        operatorMessage: uiText('mic.chosenMissing'),
      };
    // No reason value of its own: the operator's fix (free or replug the device) is the same as for a missing one.
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return {
        reason: 'no_input_device',
        operatorMessage: uiText('mic.busy'),
      };
    default:
      return {
        reason: 'internal_error',
        operatorMessage: name ? uiText('mic.failed', { name }) : uiText('mic.failedUnknown'),
      };
  }
}
