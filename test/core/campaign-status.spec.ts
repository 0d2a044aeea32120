import { test, expect } from '@playwright/test';
import {
  CAMPAIGN_ACTIONS,
  CAMPAIGN_STATUSES,
  CONTACT_STATES_KEEPING_A_CAMPAIGN_OPEN,
  campaignStatusesAccepting,
  isCampaignClosed,
  keepsCampaignOpen,
  nextCampaignStatus,
  supervisorActions,
} from '../../core/campaign-status';

// The legal moves, written out independently of core/campaign-status.ts: every other pair is illegal.
const legal: Record<string, Record<string, string>> = {
  DRAFT: { start: 'RUNNING', cancel: 'CANCELLED' },
  RUNNING: { pause: 'PAUSED', cancel: 'CANCELLED', finish: 'FINISHED' },
  PAUSED: { start: 'RUNNING', cancel: 'CANCELLED' },
  CANCELLED: {},
  FINISHED: { reopen: 'RUNNING' },
};

test('every (status, action) pair is legal exactly as the table says', () => {
  for (const status of CAMPAIGN_STATUSES) {
    for (const action of CAMPAIGN_ACTIONS) {
      expect(nextCampaignStatus(status, action), `${status} --${action}-->`).toBe(
        legal[status]![action] ?? null,
      );
    }
  }
  expect(campaignStatusesAccepting('cancel')).toEqual(['DRAFT', 'RUNNING', 'PAUSED']);
  expect(campaignStatusesAccepting('finish')).toEqual(['RUNNING']);
});

test('a supervisor starts, pauses and cancels; finished and cancelled campaigns are closed to them', () => {
  expect(supervisorActions('DRAFT')).toEqual(['start', 'cancel']);
  expect(supervisorActions('RUNNING')).toEqual(['pause', 'cancel']);
  expect(supervisorActions('PAUSED')).toEqual(['start', 'cancel']);
  expect(supervisorActions('FINISHED')).toEqual([]);
  expect(supervisorActions('SOMETHING_NEW')).toEqual([]);
  expect(CAMPAIGN_STATUSES.filter(isCampaignClosed)).toEqual(['CANCELLED', 'FINISHED']);
});

test('contacts that keep a campaign open: anything the engine may still move, a retry only with its time', () => {
  expect([...CONTACT_STATES_KEEPING_A_CAMPAIGN_OPEN].sort()).toEqual(
    [
      'INITIAL',
      'OPERATOR_ASSIGNED',
      'BCW',
      'CALLING',
      'AWAITING_FREE_OPERATOR',
      'CALL_IN_PROGRESS',
      'ACW',
      'RETRY_SCHEDULED',
    ].sort(),
  );
  expect(keepsCampaignOpen('RETRY_SCHEDULED', new Date())).toBe(true);
  expect(keepsCampaignOpen('RETRY_SCHEDULED', null)).toBe(false);
  expect(keepsCampaignOpen('BLACKLISTED', null)).toBe(false);
  expect(keepsCampaignOpen('DIAL_FAILED', null)).toBe(false);
  expect(keepsCampaignOpen('ACW', null)).toBe(true);
});
