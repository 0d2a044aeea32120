/**
 * Issue 13, settings pushed live, in the host's picture: a `settingsChanged` replaces the lists it carries and only
 * those, puts a changed campaign in its place (a new one joins the list), and leaves the contact on the console
 * alone, so a change that arrives mid-call does not disturb the call.
 */
import { expect, test } from '@playwright/test';
import type { CampaignSession } from '../../core/contract';
import { OperatorCampaignSchema, type ServerMessageOf } from '../../core/operator-channel';
import { followServer } from '../../main/campaign/session-picture';

const campaign = (id: string, script: string) =>
  OperatorCampaignSchema.parse({
    id,
    name: id,
    mode: 'preview',
    status: 'RUNNING',
    bcwSeconds: 10,
    offerTimeoutSeconds: 30,
    acwSeconds: null,
    dispositions: [{ code: 'sale', label: 'Sale', kind: 'success' }],
    script,
  });

const inCall = {
  contact: {
    id: '7',
    campaignId: 'k1',
    name: 'Ada',
    number: '+442079460958',
    customFields: {},
    externalId: null,
    attempts: [],
  },
  view: {
    contactId: '7',
    state: 'CALL_IN_PROGRESS',
    attemptId: '70',
    offerExpiresAt: null,
    bcwEndsAt: null,
    acwEndsAt: null,
  },
};

const session = {
  campaigns: [campaign('k1', 'old one'), campaign('k2', 'other')],
  transferTargets: [{ id: 'tt1', name: 'Anna', kind: 'supervisor', address: '2001' }],
  notReadyReasons: [{ id: 'nr1', name: 'Lunch', paid: false, maxSeconds: null }],
  current: inCall,
} as unknown as CampaignSession;

test('a changed campaign takes its place; the other lists and the call stay as they were', () => {
  const m: ServerMessageOf<'settingsChanged'> = {
    type: 'settingsChanged',
    seq: 5,
    campaigns: [campaign('k1', 'new one')],
  };
  const { patch, event } = followServer(session, m, Date.now());
  expect(event).toBeNull();
  expect(Object.keys(patch!)).toEqual(['campaigns']);
  expect(patch!.campaigns!.map((k) => [k.id, k.script])).toEqual([
    ['k1', 'new one'],
    ['k2', 'other'],
  ]);
});

test('a campaign the operator has just been given joins the list; the directory and reasons are replaced whole', () => {
  const { patch } = followServer(
    session,
    {
      type: 'settingsChanged',
      seq: 6,
      campaigns: [campaign('k3', 'new campaign')],
      transferTargets: [],
      notReadyReasons: [{ id: 'nr2', name: 'Coaching', paid: true, maxSeconds: 900 }],
    },
    Date.now(),
  );
  expect(patch!.campaigns!.map((k) => k.id)).toEqual(['k1', 'k2', 'k3']);
  expect(patch!.transferTargets).toEqual([]);
  expect(patch!.notReadyReasons).toEqual([{ id: 'nr2', name: 'Coaching', paid: true, maxSeconds: 900 }]);
  expect(patch!.current).toBeUndefined();
});
