import { test, expect } from '@playwright/test';
import { CONTACT_EVENTS, IllegalTransitionError, transition, statesAccepting } from '../../core/transitions';
import {
  CONTACT_STATE_IDS,
  displayState,
  isTerminalState,
  contactStateDisplayNames,
} from '../../core/states';

// The legal moves, written out independently of core/transitions.ts: every other (state, event) pair is illegal.
const legal: Record<string, Record<string, string>> = {
  INITIAL: {
    assign: 'OPERATOR_ASSIGNED',
    originate: 'CALLING',
    blacklist: 'BLACKLISTED',
    cancel: 'CANCELLED_BY_ADMIN',
    remove: 'REMOVED',
  },
  INVALID_RECORD: { remove: 'REMOVED' },
  BLACKLISTED: { unblacklist: 'INITIAL', remove: 'REMOVED' },
  OPERATOR_ASSIGNED: {
    accept: 'BCW',
    dial: 'CALLING',
    decline: 'INITIAL',
    offer_timeout: 'INITIAL',
    operator_lost: 'INITIAL',
    blacklist: 'BLACKLISTED',
    cancel: 'CANCELLED_BY_ADMIN',
    remove: 'REMOVED',
  },
  BCW: {
    dial: 'CALLING',
    reject: 'CANCELLED_BY_OPERATOR',
    operator_lost: 'INITIAL',
    blacklist: 'BLACKLISTED',
    cancel: 'CANCELLED_BY_ADMIN',
    remove: 'REMOVED',
  },
  CALLING: {
    answered: 'CALL_IN_PROGRESS',
    queued: 'AWAITING_FREE_OPERATOR',
    operator_rejected: 'AWAITING_FREE_OPERATOR',
    client_hangup: 'CANCELLED_BY_CLIENT',
    rejected: 'RETRY_SCHEDULED',
    unreachable: 'RETRY_SCHEDULED',
    dial_failed: 'DIAL_FAILED',
    reject: 'CANCELLED_BY_OPERATOR',
    call_lost: 'RETRY_SCHEDULED',
    cancel: 'CANCELLED_BY_ADMIN',
    remove: 'REMOVED',
  },
  AWAITING_FREE_OPERATOR: {
    answered: 'CALL_IN_PROGRESS',
    operator_rejected: 'AWAITING_FREE_OPERATOR',
    client_hangup: 'CANCELLED_BY_CLIENT',
    call_lost: 'CANCELLED_BY_CLIENT',
    remove: 'REMOVED',
  },
  CALL_IN_PROGRESS: {
    hangup: 'ACW',
    transferred: 'ACW',
    call_lost: 'ACW',
    operator_rejected: 'AWAITING_FREE_OPERATOR',
    remove: 'REMOVED',
  },
  ACW: { submit: 'SUCCESS', callback: 'RETRY_SCHEDULED', acw_timeout: 'SUCCESS', remove: 'REMOVED' },
  SUCCESS: { remove: 'REMOVED' },
  RETRY_SCHEDULED: {
    reached_late: 'SUCCESS',
    due: 'INITIAL',
    blacklist: 'BLACKLISTED',
    cancel: 'CANCELLED_BY_ADMIN',
    remove: 'REMOVED',
  },
  DIAL_FAILED: { retry: 'RETRY_SCHEDULED', remove: 'REMOVED' },
  CANCELLED_BY_OPERATOR: { remove: 'REMOVED' },
  CANCELLED_BY_CLIENT: { retry: 'RETRY_SCHEDULED', remove: 'REMOVED' },
  CANCELLED_BY_ADMIN: { remove: 'REMOVED' },
  REMOVED: {},
};

test.describe('contact transition table', () => {
  for (const state of CONTACT_STATE_IDS) {
    for (const event of CONTACT_EVENTS) {
      const expected = legal[state]![event];
      test(`${state} + ${event} → ${expected ?? 'refused'}`, () => {
        if (expected) expect(transition(state, event)).toBe(expected);
        else expect(() => transition(state, event)).toThrow(IllegalTransitionError);
      });
    }
  }

  test('the table covers every state and nothing else', () => {
    expect(Object.keys(legal).sort()).toEqual([...CONTACT_STATE_IDS].sort());
  });

  test('bulk moves know where they may start', () => {
    expect(statesAccepting('cancel').sort()).toEqual([
      'BCW',
      'CALLING',
      'INITIAL',
      'OPERATOR_ASSIGNED',
      'RETRY_SCHEDULED',
    ]);
  });
});

test.describe('contact states', () => {
  test('every id has a display name; unknown ids show UNKNOWN', () => {
    for (const id of CONTACT_STATE_IDS) expect(contactStateDisplayNames[id]).toBeTruthy();
    expect(displayState('BCW')).toBe('Before call work');
    expect(displayState('CANCELLED_BY_OPERATOR')).toBe('Rejected by operator');
    expect(displayState('SOMETHING_NEW')).toBe('UNKNOWN');
  });

  test('terminal states', () => {
    expect(isTerminalState('SUCCESS')).toBe(true);
    expect(isTerminalState('REMOVED')).toBe(true);
    expect(isTerminalState('INITIAL')).toBe(false);
    expect(isTerminalState('BLACKLISTED')).toBe(false);
    expect(isTerminalState('NOPE')).toBe(false);
  });
});
