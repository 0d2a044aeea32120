import { test, expect } from '@playwright/test';
import {
  CampaignCreateSchema,
  CampaignSettingsSchema,
  nextCallingTime,
  nextRetryAt,
} from '../../core/campaign';
import { normalisePhoneNumber } from '../../core/phone-number';
import { ClientMessageSchema, ServerMessageSchema, parseChannelMessage } from '../../core/operator-channel';

test('phone numbers: E.164 in the campaign region; blank, letters and impossible numbers refused', () => {
  expect(normalisePhoneNumber('(202) 555-0199', 'US')).toEqual({ ok: true, e164: '+12025550199' });
  expect(normalisePhoneNumber('020 7946 0018', 'GB')).toEqual({ ok: true, e164: '+442079460018' });
  expect(normalisePhoneNumber('  ', 'US')).toMatchObject({ ok: false, reason: 'phone number is blank' });
  expect(normalisePhoneNumber('555-CALL-NOW', 'US')).toMatchObject({
    ok: false,
    reason: 'phone number has letters or special characters',
  });
  expect(normalisePhoneNumber('12', 'US')).toMatchObject({
    ok: false,
    reason: 'not a possible phone number',
  });
  expect(normalisePhoneNumber('+1 202 555 0123#', 'US').ok).toBe(false);
});

test('campaign defaults and refusals', () => {
  const s = CampaignSettingsSchema.parse({});
  expect(s).toMatchObject({
    mode: 'preview',
    defaultRegion: 'US',
    predictive: { abandonRateLimit: 0.03 },
    retry: { maxAttempts: 3 },
  });
  expect(s.predictive.ringTimeoutSeconds).toBeGreaterThanOrEqual(15);
  expect(CampaignCreateSchema.safeParse({ name: '' }).success).toBe(false);
  expect(CampaignCreateSchema.safeParse({ name: 'x', timeZone: 'Mars/Olympus' }).success).toBe(false);
  expect(CampaignCreateSchema.safeParse({ name: 'x', surprise: 1 }).success).toBe(false);
  expect(CampaignCreateSchema.safeParse({ name: 'x', predictive: { ringTimeoutSeconds: 5 } }).success).toBe(
    false,
  );
});

test('retries: delay per outcome, none once attempts are used up, only inside calling hours', () => {
  const s = CampaignSettingsSchema.parse({
    timeZone: 'Europe/London',
    callingHours: { start: '09:00', end: '18:00', days: [1, 2, 3, 4, 5] },
  });
  const monday10 = new Date('2026-03-02T10:00:00Z');
  expect(nextRetryAt(s, 'rejected', 1, monday10)?.toISOString()).toBe('2026-03-02T11:00:00.000Z');
  expect(nextRetryAt(s, 'unreachable', 3, monday10)).toBeNull();
  // Friday 17:50 + 1 h → closed until Monday 09:00 London.
  expect(nextRetryAt(s, 'rejected', 1, new Date('2026-03-06T17:50:00Z'))?.toISOString()).toBe(
    '2026-03-09T09:00:00.000Z',
  );
  // A call the PBX may still have holds the retry back past the policy's delay, and no earlier than it.
  const lateCall = new Date('2026-03-02T13:00:00Z');
  expect(nextRetryAt(s, 'dialFailed', 1, monday10, s.timeZone, lateCall)?.toISOString()).toBe(
    lateCall.toISOString(),
  );
  expect(
    nextRetryAt(s, 'rejected', 1, monday10, s.timeZone, new Date('2026-03-02T10:01:00Z'))?.toISOString(),
  ).toBe('2026-03-02T11:00:00.000Z');
  // …and still inside calling hours: held past 18:00 on Friday it comes back on Monday.
  expect(
    nextRetryAt(s, 'dialFailed', 1, monday10, s.timeZone, new Date('2026-03-06T18:30:00Z'))?.toISOString(),
  ).toBe('2026-03-09T09:00:00.000Z');
  // Summer time: 09:00 London is 08:00 UTC.
  expect(nextCallingTime(s.callingHours, s.timeZone, new Date('2026-07-01T05:00:00Z')).toISOString()).toBe(
    '2026-07-01T08:00:00.000Z',
  );
});

test('operator channel: both directions parse, bad frames get a clear error', () => {
  expect(parseChannelMessage(ClientMessageSchema, '{"type":"acceptOffer","contactId":"1"}')).toMatchObject({
    ok: true,
  });
  expect(parseChannelMessage(ClientMessageSchema, '{"type":"acceptOffer"}')).toMatchObject({
    ok: false,
    error: expect.stringContaining('contactId'),
  });
  expect(parseChannelMessage(ClientMessageSchema, 'nope')).toEqual({
    ok: false,
    error: 'message is not JSON',
  });
  expect(
    parseChannelMessage(
      ClientMessageSchema,
      JSON.stringify({
        type: 'reportDialFailed',
        contactId: '1',
        attemptId: '2',
        reason: 'microphone_denied',
      }),
    ),
  ).toMatchObject({ ok: true, message: { diagnostics: {} } });
  expect(
    ServerMessageSchema.safeParse({ type: 'contactState', contactId: '1', state: 'FUTURE_STATE' }).success,
  ).toBe(true);
});
