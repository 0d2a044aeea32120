/**
 * The owned-callback rule (issue 13.2), written out independently of core/callbacks.ts: a due callback goes to its
 * owner only while they are signed in, Ready and free within the grace period; it waits otherwise; after the grace
 * period anyone may take it.
 */
import { test, expect } from '@playwright/test';
import {
  CALLBACK_STATES,
  callbackPhase,
  callbackRoute,
  ownerPresence,
  type OwnerPresence,
} from '../../core/callbacks';

const dueAt = new Date('2026-03-02T10:00:00Z');
const openToAllAt = new Date('2026-03-02T10:10:00Z');
const at = (iso: string) => new Date(iso);
const scheduled = { state: 'SCHEDULED' as const, dueAt, openToAllAt };
const presences: OwnerPresence[] = ['ready', 'not_ready', 'busy', 'away'];

test('before it is due a callback is held, whoever its owner is', () => {
  for (const p of presences)
    expect([p, callbackRoute(scheduled, p, at('2026-03-02T09:59:59.999Z'))]).toEqual([p, 'hold']);
});

test('within the grace period it goes to its owner only when they are Ready and free; it waits otherwise', () => {
  for (const now of [dueAt, at('2026-03-02T10:09:59.999Z')]) {
    expect(callbackRoute(scheduled, 'ready', now)).toBe('to_owner');
    expect(callbackRoute(scheduled, 'not_ready', now)).toBe('hold');
    expect(callbackRoute(scheduled, 'busy', now)).toBe('hold');
    expect(callbackRoute(scheduled, 'away', now)).toBe('hold');
  }
});

test('once the grace period has passed it goes to any operator, the owner included', () => {
  for (const now of [openToAllAt, at('2026-03-03T00:00:00Z')])
    for (const p of presences) expect(callbackRoute(scheduled, p, now)).toBe('to_anyone');
});

test('a callback no longer SCHEDULED (offered, handed over, closed) holds nobody back', () => {
  for (const state of CALLBACK_STATES.filter((s) => s !== 'SCHEDULED'))
    for (const p of presences)
      expect(callbackRoute({ state, dueAt, openToAllAt }, p, at('2026-03-02T10:05:00Z'))).toBe('to_anyone');
});

test('the phase boundaries: due at the due time, open to all at the end of the grace period', () => {
  expect(callbackPhase({ dueAt, openToAllAt }, at('2026-03-02T09:59:59Z'))).toBe('not_due');
  expect(callbackPhase({ dueAt, openToAllAt }, dueAt)).toBe('in_grace');
  expect(callbackPhase({ dueAt, openToAllAt }, openToAllAt)).toBe('grace_over');
  // A callback with no grace period is open to all as soon as it is due.
  expect(callbackRoute({ state: 'SCHEDULED', dueAt, openToAllAt: dueAt }, 'ready', dueAt)).toBe('to_anyone');
});

test("the owner's presence: signed out or outside the campaign is away; a contact in hand is busy, even when Ready", () => {
  const base = { signedIn: true, worksInCampaign: true, ready: true, holdsContact: false };
  expect(ownerPresence(base)).toBe('ready');
  expect(ownerPresence({ ...base, ready: false })).toBe('not_ready');
  expect(ownerPresence({ ...base, holdsContact: true })).toBe('busy');
  expect(ownerPresence({ ...base, ready: false, holdsContact: true })).toBe('busy');
  expect(ownerPresence({ ...base, signedIn: false })).toBe('away');
  expect(ownerPresence({ ...base, worksInCampaign: false })).toBe('away');
});
