/**
 * Issue 13.3 in core: each contact's zone from its number, and calling hours evaluated in that zone at the
 * window's edges and across daylight-saving changes (Prague, New York, Sydney, and Brisbane, which has none).
 */
import { test, expect } from '@playwright/test';
import {
  CallingHoursSchema,
  ContactInputSchema,
  isWithinCallingHours,
  nextCallingTime,
  nextRetryAt,
  openTimeZones,
  RetryPolicySchema,
} from '../../core/campaign';
import { timeZoneOfNumber } from '../../core/contact-time-zone';
import { instantInZone, localInputInZone } from '../../core/zoned-time';

test('the number gives the zone: the country, and the region where the numbering plan tells', () => {
  const cases: Array<[string, string]> = [
    ['+420221234567', 'Europe/Prague'],
    ['+442071234567', 'Europe/London'],
    ['+12125550100', 'America/New_York'],
    ['+13125550100', 'America/Chicago'],
    ['+13035550100', 'America/Denver'],
    ['+16025550100', 'America/Phoenix'],
    ['+14155550100', 'America/Los_Angeles'],
    ['+19075550100', 'America/Anchorage'],
    ['+18085550100', 'Pacific/Honolulu'],
    ['+14165550100', 'America/Toronto'],
    ['+16045550100', 'America/Vancouver'],
    ['+17095550100', 'America/St_Johns'],
    ['+18765550100', 'America/Jamaica'],
    ['+61298765432', 'Australia/Sydney'],
    ['+61731234567', 'Australia/Brisbane'],
    ['+61892345678', 'Australia/Perth'],
    ['+61881234567', 'Australia/Adelaide'],
    ['+61889123456', 'Australia/Darwin'],
    ['+61412345678', 'Australia/Sydney'], // a mobile says no state: the country's zone
    ['+5511912345678', 'America/Sao_Paulo'],
    ['+559231234567', 'America/Manaus'],
    ['+74951234567', 'Europe/Moscow'],
    ['+73431234567', 'Asia/Yekaterinburg'],
    ['+74232123456', 'Asia/Vladivostok'],
    ['+77012345678', 'Asia/Almaty'],
    ['+525512345678', 'America/Mexico_City'],
    ['+526641234567', 'America/Tijuana'],
    ['+529981234567', 'America/Cancun'],
    ['+62215551234', 'Asia/Jakarta'],
    ['+62361234567', 'Asia/Makassar'],
    ['+62967123456', 'Asia/Jayapura'],
    ['+34928123456', 'Atlantic/Canary'],
    ['+34911234567', 'Europe/Madrid'],
    ['+351291123456', 'Atlantic/Madeira'],
    ['+81312345678', 'Asia/Tokyo'],
  ];
  for (const [number, zone] of cases) expect.soft(timeZoneOfNumber(number), number).toBe(zone);
  expect(timeZoneOfNumber(null)).toBeNull();
  expect(timeZoneOfNumber('2125550100')).toBeNull();
});

test('a list may name the zone itself; a zone that does not exist is refused saying so', () => {
  expect(ContactInputSchema.parse({ phone: '1', timeZone: 'europe/prague' }).timeZone).toBe('Europe/Prague');
  const bad = ContactInputSchema.safeParse({ phone: '1', timeZone: 'Mars/Olympus' });
  expect(bad.success).toBe(false);
  expect(bad.error?.issues[0]?.message).toContain('IANA time zone');
});

const office = CallingHoursSchema.parse({ start: '09:00', end: '17:00' });
const at = (iso: string) => new Date(iso);

test('window edges in each zone: 08:59 closed, 09:00 open, 16:59 open, 17:00 closed', () => {
  // Wednesday 14 January 2026 (winter everywhere north, summer in Sydney).
  const edges: Array<[string, string, string, string, string]> = [
    [
      'Europe/Prague',
      '2026-01-14T07:59:00Z',
      '2026-01-14T08:00:00Z',
      '2026-01-14T15:59:00Z',
      '2026-01-14T16:00:00Z',
    ],
    [
      'America/New_York',
      '2026-01-14T13:59:00Z',
      '2026-01-14T14:00:00Z',
      '2026-01-14T21:59:00Z',
      '2026-01-14T22:00:00Z',
    ],
    [
      'Australia/Sydney',
      '2026-01-13T21:59:00Z',
      '2026-01-13T22:00:00Z',
      '2026-01-14T05:59:00Z',
      '2026-01-14T06:00:00Z',
    ],
    [
      'Australia/Brisbane',
      '2026-01-13T22:59:00Z',
      '2026-01-13T23:00:00Z',
      '2026-01-14T06:59:00Z',
      '2026-01-14T07:00:00Z',
    ],
  ];
  for (const [zone, before, opens, last, closes] of edges) {
    expect.soft(isWithinCallingHours(office, zone, at(before)), `${zone} before`).toBe(false);
    expect.soft(isWithinCallingHours(office, zone, at(opens)), `${zone} opens`).toBe(true);
    expect.soft(isWithinCallingHours(office, zone, at(last)), `${zone} last minute`).toBe(true);
    expect.soft(isWithinCallingHours(office, zone, at(closes)), `${zone} closed`).toBe(false);
    expect
      .soft(nextCallingTime(office, zone, at(before)).toISOString(), `${zone} next`)
      .toBe(at(opens).toISOString());
  }
});

test('across daylight-saving changes the window opens at 09:00 local time, not at the old UTC hour', () => {
  // Prague springs forward on Sunday 29 March 2026: 09:00 is 08:00Z on Saturday, 07:00Z on Sunday.
  expect(nextCallingTime(office, 'Europe/Prague', at('2026-03-28T16:30:00Z')).toISOString()).toBe(
    '2026-03-29T07:00:00.000Z',
  );
  expect(isWithinCallingHours(office, 'Europe/Prague', at('2026-03-29T07:30:00Z'))).toBe(true);
  // New York springs forward on Sunday 8 March 2026: 09:00 EST is 14:00Z, 09:00 EDT is 13:00Z.
  expect(nextCallingTime(office, 'America/New_York', at('2026-03-07T22:30:00Z')).toISOString()).toBe(
    '2026-03-08T13:00:00.000Z',
  );
  expect(isWithinCallingHours(office, 'America/New_York', at('2026-03-08T13:30:00Z'))).toBe(true);
  // Prague falls back on 25 October 2026: 09:00 is 07:00Z on Saturday, 08:00Z on Sunday.
  expect(isWithinCallingHours(office, 'Europe/Prague', at('2026-10-25T07:30:00Z'))).toBe(false);
  expect(nextCallingTime(office, 'Europe/Prague', at('2026-10-24T20:00:00Z')).toISOString()).toBe(
    '2026-10-25T08:00:00.000Z',
  );
  // Sydney falls back on Sunday 5 April 2026 (AEDT +11 → AEST +10); Brisbane, with no DST, stays at +10.
  expect(nextCallingTime(office, 'Australia/Sydney', at('2026-04-03T07:00:00Z')).toISOString()).toBe(
    '2026-04-03T22:00:00.000Z',
  );
  expect(nextCallingTime(office, 'Australia/Sydney', at('2026-04-04T07:00:00Z')).toISOString()).toBe(
    '2026-04-04T23:00:00.000Z',
  );
  expect(nextCallingTime(office, 'Australia/Brisbane', at('2026-04-03T08:00:00Z')).toISOString()).toBe(
    '2026-04-03T23:00:00.000Z',
  );
  expect(nextCallingTime(office, 'Australia/Brisbane', at('2026-04-04T08:00:00Z')).toISOString()).toBe(
    '2026-04-04T23:00:00.000Z',
  );
});

test('weekdays are the contact’s own: Friday evening in New York waits for Monday 09:00 there', () => {
  const weekdays = CallingHoursSchema.parse({ start: '09:00', end: '17:00', days: [1, 2, 3, 4, 5] });
  // Friday 16 January 2026, 17:30 in New York (already Saturday in Prague).
  expect(nextCallingTime(weekdays, 'America/New_York', at('2026-01-16T22:30:00Z')).toISOString()).toBe(
    '2026-01-19T14:00:00.000Z',
  );
});

test('assignment asks which zones are open; retries land inside the contact’s own window', () => {
  const zones = ['Europe/Prague', 'America/New_York', 'Australia/Sydney', 'Nowhere/Made_Up'];
  expect(openTimeZones(office, zones, at('2026-01-14T10:00:00Z'))).toEqual(['Europe/Prague']);
  expect(openTimeZones(office, zones, at('2026-01-14T15:00:00Z'))).toEqual([
    'Europe/Prague',
    'America/New_York',
  ]);
  expect(openTimeZones(null, zones, at('2026-01-14T15:00:00Z'))).toBeNull();
  const settings = { retry: RetryPolicySchema.parse({}), callingHours: office, timeZone: 'UTC' };
  // Rejected at 16:30 in Prague: the hour's delay passes 17:00, so the retry waits for 09:00 next morning there.
  expect(
    nextRetryAt(settings, 'rejected', 1, at('2026-01-14T15:30:00Z'), 'Europe/Prague')?.toISOString(),
  ).toBe('2026-01-15T08:00:00.000Z');
  // The same moment is 10:30 in New York: an hour later is still inside its window.
  expect(
    nextRetryAt(settings, 'rejected', 1, at('2026-01-14T15:30:00Z'), 'America/New_York')?.toISOString(),
  ).toBe('2026-01-14T16:30:00.000Z');
});

test('a callback time typed on the customer’s wall clock becomes the right instant, DST included', () => {
  expect(instantInZone('2026-03-04T14:30', 'Europe/Prague')?.toISOString()).toBe('2026-03-04T13:30:00.000Z');
  expect(instantInZone('2026-07-04T14:30', 'Europe/Prague')?.toISOString()).toBe('2026-07-04T12:30:00.000Z');
  expect(instantInZone('2026-03-08T09:00', 'America/New_York')?.toISOString()).toBe(
    '2026-03-08T13:00:00.000Z',
  );
  expect(instantInZone('2026-03-07T09:00', 'America/New_York')?.toISOString()).toBe(
    '2026-03-07T14:00:00.000Z',
  );
  expect(instantInZone('2026-04-05T09:00', 'Australia/Sydney')?.toISOString()).toBe(
    '2026-04-04T23:00:00.000Z',
  );
  expect(instantInZone('2026-04-04T09:00', 'Australia/Sydney')?.toISOString()).toBe(
    '2026-04-03T22:00:00.000Z',
  );
  expect(instantInZone('not a time', 'Europe/Prague')).toBeNull();
  expect(localInputInZone(new Date('2026-04-04T23:00:00Z'), 'Australia/Sydney')).toBe('2026-04-05T09:00');
});
