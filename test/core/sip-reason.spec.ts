/**
 * The Reason header of a BYE (RFC 3326), as the operator reads it: a dialer's or PBX's reason for ending a call
 * (a session timer ran out) is shown, a normal clearing reads as the customer hanging up, and whatever a PBX
 * writes that does not parse is no reason rather than an error.
 */
import { expect, test } from '@playwright/test';
import { classifyCallEnd } from '../../core/call-outcome';
import { say } from '../../core/i18n';
import { createTranslator } from '../../core/i18n/translate';
import { en } from '../../core/i18n/en';
import { cs } from '../../core/i18n/cs';
import { parseSipReason, reasonForOperator } from '../../core/sip-reason';

const english = createTranslator('en', en).t;
const czech = createTranslator('cs', cs).t;

test('a session timer that ran out (RFC 4028 section 10) is read with its cause and text', () => {
  expect(parseSipReason('SIP;cause=408;text="session expired"')).toEqual({
    protocol: 'SIP',
    cause: 408,
    text: 'session expired',
  });
  expect(parseSipReason('sip ; cause = 408 ; text = "a \\"quoted\\" word"')).toEqual({
    protocol: 'SIP',
    cause: 408,
    text: 'a "quoted" word',
  });
  // Several reason-values (one per protocol): the first is the one shown.
  expect(parseSipReason('Q.850;cause=41;text="Temporary failure", SIP;cause=503')).toEqual({
    protocol: 'Q.850',
    cause: 41,
    text: 'Temporary failure',
  });
  expect(parseSipReason('SIP;cause=503')).toEqual({ protocol: 'SIP', cause: 503, text: null });
});

test('a Reason that does not parse is no reason, never an error, and what a PBX writes is bounded', () => {
  for (const bad of [undefined, null, '', ';cause=408', 'SIP;cause=4080', 'SIP;cause=abc', 'S I P;cause=1']) {
    expect(parseSipReason(bad)).toBeNull();
  }
  expect(parseSipReason('SIP;cause=408;text="' + 'x'.repeat(2000) + '"')).toBeNull(); // over the header bound
  const long = parseSipReason('SIP;cause=408;text="' + 'y'.repeat(500) + '"');
  expect(long?.text).toHaveLength(120);
  // Control characters never reach the operator's screen.
  expect(parseSipReason('SIP;cause=408;text="bad\u0007\u001b[31m line"')?.text).toBe('bad[31m line');
});

test('a normal clearing reads as an ordinary hang-up; anything else is shown with its code', () => {
  expect(reasonForOperator(parseSipReason('Q.850;cause=16;text="Normal call clearing"'))).toBeNull();
  expect(reasonForOperator(parseSipReason('SIP;cause=200;text="Call completed elsewhere"'))).toBeNull();
  expect(reasonForOperator(parseSipReason('SIP;cause=408;text="session expired"'))).toBe(
    'session expired (SIP 408)',
  );
  expect(reasonForOperator(parseSipReason('Q.850;cause=38'))).toBe('Q.850 38');
});

test('the operator is told why the other side ended an answered call, in English and Czech', () => {
  const byBye = (reason: string | null) =>
    classifyCallEnd({
      cause: 'Terminated',
      sipCode: null,
      originator: 'remote',
      answered: true,
      phase: 'established',
      reason: parseSipReason(reason),
    });
  const expired = byBye('SIP;cause=408;text="session expired"');
  expect(expired.outcome).toBe('answered');
  expect(say(english, expired.operatorMessage)).toBe(
    'The call was ended from the other side, which gave the reason: session expired (SIP 408).',
  );
  expect(say(czech, expired.operatorMessage)).toBe(
    'Hovor ukončila druhá strana s udaným důvodem: session expired (SIP 408).',
  );
  expect(say(english, byBye(null).operatorMessage)).toBe('The customer ended the call.');
  expect(say(english, byBye('Q.850;cause=16').operatorMessage)).toBe('The customer ended the call.');
  // Our own BYE is ours, whatever it carried.
  const ours = classifyCallEnd({
    cause: 'Terminated',
    sipCode: null,
    originator: 'local',
    answered: true,
    phase: 'established',
    reason: parseSipReason('SIP;cause=408;text="session expired"'),
  });
  expect(say(english, ours.operatorMessage)).toBe('You ended the call.');
});
