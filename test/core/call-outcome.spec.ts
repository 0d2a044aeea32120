import { expect, test } from '@playwright/test';
import { createRequire } from 'node:module';
import {
  classifyCallEnd,
  classifyMediaError,
  dialFailureFault,
  JSSIP_CAUSES,
  jsSipCause,
  type CallEnd,
  type JsSipCause,
} from '../../core/call-outcome';
import { DialFailureReasonSchema, type CallOutcome, type DialFailureReason } from '../../core/call-record';
import { say, type UiText } from '../../core/i18n';
import { createTranslator } from '../../core/i18n/translate';
import { en } from '../../core/i18n/en';

// The installed JsSIP's own tables, so that an upgrade adding a cause or moving a code fails here.
const require = createRequire(import.meta.url);

/** What the operator reads, in English. */
const { t } = createTranslator('en', en);
const english = (text: UiText | null) => (text ? say(t, text) : null);
const jssip = require('jssip/lib/Constants.js') as {
  causes: Record<string, string>;
  SIP_ERROR_CAUSES: Record<string, number[]>;
};

/** The cause JsSIP reports for a final response (JsSIP's Utils.sipErrorCause). */
function causeJsSipReportsFor(code: number): string {
  for (const [key, codes] of Object.entries(jssip.SIP_ERROR_CAUSES)) {
    if (codes.includes(code)) return jssip.causes[key] as string;
  }
  return jssip.causes.SIP_FAILURE_CODE as string;
}

const unanswered = (cause: string, patch: Partial<CallEnd> = {}): CallEnd => ({
  cause,
  sipCode: null,
  originator: 'remote',
  answered: false,
  phase: 'progress',
  ...patch,
});

test('our copy of the JsSIP causes is exactly the installed package', () => {
  expect(JSSIP_CAUSES).toEqual(jssip.causes);
});

test('every JsSIP cause is recognised by its event text and by its key', () => {
  for (const [key, text] of Object.entries(jssip.causes)) {
    expect(jsSipCause(text), text).toBe(key);
    expect(jsSipCause(key), key).toBe(key);
  }
  expect(jsSipCause('Something New')).toBeNull();
});

test('every JsSIP cause on an unanswered call gets a known outcome and an operator message', () => {
  for (const text of Object.values(jssip.causes)) {
    for (const originator of ['local', 'remote', 'system'] as const) {
      const result = classifyCallEnd(unanswered(text, { originator }));
      expect(english(result.operatorMessage), text).not.toMatch(/does not know/);
      expect(english(result.operatorMessage)!.length, text).toBeGreaterThan(10);
      expect(result.outcome === 'dial_failed', text).toBe(result.dialFailureReason !== null);
    }
  }
});

test('every JsSIP cause on an answered call keeps the outcome answered', () => {
  for (const text of Object.values(jssip.causes)) {
    const result = classifyCallEnd({
      cause: text,
      sipCode: null,
      originator: 'remote',
      answered: true,
      phase: 'established',
    });
    expect(result, text).toMatchObject({ outcome: 'answered', dialFailureReason: null });
  }
  expect(
    english(
      classifyCallEnd({
        cause: 'Terminated',
        sipCode: null,
        originator: 'local',
        answered: true,
        phase: 'established',
      }).operatorMessage,
    ),
  ).toBe('You ended the call.');
  expect(
    english(
      classifyCallEnd({
        cause: 'RTP Timeout',
        sipCode: null,
        originator: 'system',
        answered: true,
        phase: 'established',
      }).operatorMessage,
    ),
  ).toMatch(/no audio/);
});

const causeTable: [
  JsSipCause,
  CallEnd['originator'],
  CallEnd['phase'],
  CallOutcome,
  DialFailureReason | null,
][] = [
  ['CONNECTION_ERROR', 'system', 'before_invite', 'dial_failed', 'transport_down'],
  ['REQUEST_TIMEOUT', 'system', 'progress', 'dial_failed', 'pbx_error'],
  ['SIP_FAILURE_CODE', 'remote', 'progress', 'dial_failed', 'pbx_error'],
  ['INTERNAL_ERROR', 'system', 'before_invite', 'dial_failed', 'internal_error'],
  ['BUSY', 'remote', 'progress', 'rejected', null],
  ['REJECTED', 'remote', 'progress', 'rejected', null],
  ['REJECTED', 'local', 'progress', 'rejected', null],
  ['REDIRECTED', 'remote', 'progress', 'dial_failed', 'pbx_refused'],
  ['UNAVAILABLE', 'remote', 'progress', 'unreachable', null],
  ['NOT_FOUND', 'remote', 'progress', 'unreachable', null],
  ['ADDRESS_INCOMPLETE', 'remote', 'progress', 'dial_failed', 'bad_number'],
  ['INCOMPATIBLE_SDP', 'remote', 'progress', 'dial_failed', 'media_failed'],
  ['MISSING_SDP', 'remote', 'progress', 'dial_failed', 'media_failed'],
  ['AUTHENTICATION_ERROR', 'remote', 'progress', 'dial_failed', 'authentication_failed'],
  ['BYE', 'remote', 'progress', 'unreachable', null],
  ['BYE', 'local', 'progress', 'cancelled', null],
  ['WEBRTC_ERROR', 'system', 'before_invite', 'dial_failed', 'media_failed'],
  ['CANCELED', 'local', 'progress', 'cancelled', null],
  ['CANCELED', 'remote', 'progress', 'cancelled', null],
  ['NO_ANSWER', 'local', 'progress', 'unreachable', null],
  ['EXPIRES', 'system', 'progress', 'unreachable', null],
  ['NO_ACK', 'remote', 'progress', 'dial_failed', 'pbx_error'],
  ['DIALOG_ERROR', 'system', 'progress', 'dial_failed', 'pbx_error'],
  ['USER_DENIED_MEDIA_ACCESS', 'local', 'before_invite', 'dial_failed', 'microphone_denied'],
  ['BAD_MEDIA_DESCRIPTION', 'remote', 'progress', 'dial_failed', 'media_failed'],
  ['RTP_TIMEOUT', 'system', 'progress', 'dial_failed', 'pbx_error'],
];

test('causes without a SIP code', () => {
  for (const [key, originator, phase, outcome, reason] of causeTable) {
    const result = classifyCallEnd(unanswered(JSSIP_CAUSES[key], { originator, phase }));
    expect(result, `${key} ${originator}`).toMatchObject({ outcome, dialFailureReason: reason });
  }
});

const codeTable: [number, CallOutcome, DialFailureReason | null][] = [
  [301, 'dial_failed', 'pbx_refused'],
  [302, 'dial_failed', 'pbx_refused'],
  [400, 'dial_failed', 'pbx_refused'],
  [401, 'dial_failed', 'authentication_failed'],
  [402, 'dial_failed', 'pbx_refused'],
  [403, 'dial_failed', 'pbx_refused'],
  [404, 'unreachable', null],
  [405, 'dial_failed', 'pbx_refused'],
  [407, 'dial_failed', 'authentication_failed'],
  [408, 'unreachable', null],
  [410, 'unreachable', null],
  [415, 'dial_failed', 'pbx_refused'],
  [420, 'dial_failed', 'pbx_refused'],
  [422, 'dial_failed', 'pbx_refused'],
  [430, 'unreachable', null],
  [480, 'unreachable', null],
  [481, 'dial_failed', 'pbx_refused'],
  [484, 'dial_failed', 'bad_number'],
  [485, 'dial_failed', 'bad_number'],
  [486, 'rejected', null],
  [487, 'unreachable', null],
  [488, 'dial_failed', 'media_failed'],
  [500, 'dial_failed', 'pbx_error'],
  [501, 'dial_failed', 'pbx_error'],
  [502, 'dial_failed', 'pbx_error'],
  [503, 'dial_failed', 'pbx_error'],
  [504, 'dial_failed', 'pbx_error'],
  [600, 'rejected', null],
  [603, 'rejected', null],
  [604, 'unreachable', null],
  [606, 'dial_failed', 'media_failed'],
  [607, 'rejected', null],
  [608, 'rejected', null],
];

test('common SIP codes, with the cause JsSIP reports for each', () => {
  for (const [code, outcome, reason] of codeTable) {
    const result = classifyCallEnd(unanswered(causeJsSipReportsFor(code), { sipCode: code }));
    expect(result, String(code)).toMatchObject({ outcome, dialFailureReason: reason });
    expect(english(result.operatorMessage)!.length).toBeGreaterThan(10);
  }
});

test('the SIP code tells 403 (PBX refused) from 603 (customer declined), though JsSIP files both as Rejected', () => {
  expect(causeJsSipReportsFor(403)).toBe(causeJsSipReportsFor(603));
  expect(classifyCallEnd(unanswered('Rejected', { sipCode: 403 })).dialFailureReason).toBe('pbx_refused');
  expect(classifyCallEnd(unanswered('Rejected', { sipCode: 603 })).outcome).toBe('rejected');
});

test('487 after our own cancel is cancelled; after the PBX gave up ringing it is unreachable', () => {
  expect(classifyCallEnd(unanswered('SIP Failure Code', { sipCode: 487, originator: 'local' })).outcome).toBe(
    'cancelled',
  );
  expect(
    classifyCallEnd(unanswered('SIP Failure Code', { sipCode: 487, originator: 'remote' })).outcome,
  ).toBe('unreachable');
  // The phone's own ring timer reports No Answer: the contact was not reached, not cancelled by the operator.
  expect(classifyCallEnd(unanswered('No Answer', { originator: 'local' })).outcome).toBe('unreachable');
});

test('the operator declining an incoming call is a decline whatever code went out', () => {
  const result = classifyCallEnd(unanswered('Rejected', { originator: 'local', sipCode: 486 }));
  expect(result.outcome).toBe('rejected');
  expect(english(result.operatorMessage)).toBe('You declined the call.');
});

test('wrong credentials tell the operator where to fix them', () => {
  expect(
    english(classifyCallEnd(unanswered('Authentication Error', { sipCode: 401 })).operatorMessage),
  ).toMatch(/Settings/);
  expect(english(classifyCallEnd(unanswered('SIP Failure Code', { sipCode: 422 })).operatorMessage)).toMatch(
    /session timer/,
  );
});

test('an unknown cause is reported as such, not guessed', () => {
  const result = classifyCallEnd(unanswered('Cosmic Rays'));
  expect(result).toMatchObject({ outcome: 'dial_failed', dialFailureReason: 'internal_error' });
  expect(english(result.operatorMessage)).toContain('Cosmic Rays');
  expect(classifyCallEnd(unanswered('Cosmic Rays', { sipCode: 486 })).outcome).toBe('rejected');
});

test('bad input is refused with a clear error', () => {
  expect(() => classifyCallEnd(unanswered('Busy', { sipCode: 99 }))).toThrow(/sipCode/);
  expect(() => classifyCallEnd({ ...unanswered('Busy'), originator: 'nobody' as 'local' })).toThrow(
    /originator/,
  );
  // Checked by hand, not with zod (the phone's path, core/plain-checks.ts): the same fields, the same bounds.
  expect(() => classifyCallEnd({ ...unanswered('Busy'), sipCode: 486.5 })).toThrow(/sipCode/);
  expect(() =>
    classifyCallEnd({
      ...unanswered('Busy'),
      reason: { protocol: 'X'.repeat(17), cause: null, text: null },
    }),
  ).toThrow(/protocol/);
  expect(() => classifyCallEnd(null as unknown as Parameters<typeof classifyCallEnd>[0])).toThrow(/call end/);
});

test('getUserMedia failures by DOMException name', () => {
  const table: [string, DialFailureReason][] = [
    ['NotAllowedError', 'microphone_denied'],
    ['PermissionDeniedError', 'microphone_denied'],
    ['SecurityError', 'microphone_denied'],
    ['NotFoundError', 'no_input_device'],
    ['DevicesNotFoundError', 'no_input_device'],
    ['OverconstrainedError', 'no_input_device'],
    ['NotReadableError', 'no_input_device'],
    ['TrackStartError', 'no_input_device'],
    ['AbortError', 'no_input_device'],
    ['TypeError', 'internal_error'],
  ];
  for (const [name, reason] of table) expect(classifyMediaError(name).reason, name).toBe(reason);
  expect(english(classifyMediaError('NotReadableError').operatorMessage)).toMatch(/another application/);
  expect(english(classifyMediaError('NotAllowedError').operatorMessage)).toMatch(/Allow microphone access/);
});

test('every dial-failure reason has a fault, and only workstation faults spare the contact', () => {
  for (const reason of DialFailureReasonSchema.options) {
    expect(['workstation', 'pbx', 'number', 'system']).toContain(dialFailureFault(reason));
  }
  expect(dialFailureFault('microphone_denied')).toBe('workstation');
  expect(dialFailureFault('bad_number')).toBe('number');
});

test('what happens to a contact is said apart from what happened to the call (manual calls have no contact)', () => {
  const cases: CallEnd[] = [
    unanswered('Busy', { sipCode: 486 }),
    unanswered('Busy'),
    unanswered('Not Found', { sipCode: 404 }),
    unanswered('SIP Failure Code', { sipCode: 487 }),
    unanswered('Unavailable'),
    unanswered('No Answer', { originator: 'local' }),
  ];
  for (const end of cases) {
    const c = classifyCallEnd(end);
    expect(english(c.operatorMessage), end.cause).not.toMatch(/contact|campaign|retried/i);
    expect(english(c.campaignNote), end.cause).toMatch(/contact will be retried/);
  }
  expect(classifyCallEnd(unanswered('Rejected', { sipCode: 603 })).campaignNote).toBeNull();
});
