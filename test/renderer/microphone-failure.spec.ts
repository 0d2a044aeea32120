/** A microphone that will not open is named by what the operator can do about it, not by the browser's words. */
import { expect, test } from '@playwright/test';
import { microphoneFailure } from '../../renderer/phone/media';

test("getUserMedia's refusals become the operator's reason and sentence; anything else keeps its words as the detail", () => {
  const cases: Array<[string, string, string]> = [
    ['NotAllowedError', 'microphone_denied', 'end.micDenied'],
    ['SecurityError', 'microphone_denied', 'end.micDenied'],
    ['NotFoundError', 'no_input_device', 'mic.notFound'],
    ['OverconstrainedError', 'no_input_device', 'mic.chosenMissing'],
    ['NotReadableError', 'no_input_device', 'mic.busy'],
  ];
  for (const [name, reason, key] of cases) {
    const e = microphoneFailure(new DOMException('Permission denied by system', name));
    expect(e.reason, name).toBe(reason);
    expect(e.text, name).toEqual({ key });
  }
  const other = microphoneFailure(new Error('worklet crashed'));
  expect(other.reason).toBe('internal_error');
  expect(other.text).toEqual({ key: 'sip.end.micFailed', values: { detail: 'Error: worklet crashed' } });
});
