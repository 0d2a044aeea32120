import { expect, test } from '@playwright/test';
import { CONTACT_STATE_IDS } from '../../core/states';
import { nextState } from '../../core/transitions';
import {
  actionsOffered,
  callActionAllowed,
  callConnected,
  contactActionEvents,
  isOffer,
  offeredActions,
  type CallView,
} from '../../renderer/console/operator-actions';
import { CallState } from '../../renderer/phone/states';

const call = (over: Partial<CallView>): CallView => ({
  direction: 'outbound',
  state: CallState.Connected,
  isLive: true,
  ended: false,
  ...over,
});
const calls: Array<CallView | null> = [
  null,
  call({ state: CallState.Dialling, isLive: false }),
  call({ state: CallState.Ringing }),
  call({ direction: 'inbound', state: CallState.Incoming }),
  call({ direction: 'inbound' }),
];

test('every action a panel offers is a move the transition table allows from that state', () => {
  for (const state of CONTACT_STATE_IDS) {
    for (const c of calls) {
      for (const action of offeredActions[state](c)) {
        expect(nextState(state, contactActionEvents[action]), `${state} offers ${action}`).not.toBeNull();
      }
      expect(actionsOffered(state, c)).toEqual(offeredActions[state](c));
    }
  }
});

test('the operator is offered what the state is for, and nothing on a contact that has left them', () => {
  expect(actionsOffered('OPERATOR_ASSIGNED', null)).toEqual(['accept', 'decline']);
  expect(actionsOffered('BCW', null)).toEqual(['callNow', 'reject']);
  expect(actionsOffered('CALLING', call({ state: CallState.Ringing }))).toEqual(['reject']);
  // A predictive call is the server's: the operator cannot cancel it from the console.
  expect(actionsOffered('CALLING', call({ direction: 'inbound', state: CallState.Incoming }))).toEqual([]);
  expect(actionsOffered('CALLING', null)).toEqual([]);
  expect(actionsOffered('ACW', null)).toEqual(['complete']);
  for (const state of ['SUCCESS', 'RETRY_SCHEDULED', 'DIAL_FAILED', 'CANCELLED_BY_ADMIN', 'REMOVED'])
    expect(actionsOffered(state, null), state).toEqual([]);
  expect(actionsOffered('SENT_TO_THE_MOON', null)).toEqual([]);
  expect(CONTACT_STATE_IDS.filter(isOffer)).toEqual(['OPERATOR_ASSIGNED']);
  expect(isOffer('SENT_TO_THE_MOON')).toBe(false);
});

test('call actions follow the phone: no hang-up before the INVITE, mute and hold only on a live call', () => {
  expect(callActionAllowed('hangUp', null)).toBe(false);
  expect(callActionAllowed('hangUp', call({ state: CallState.Dialling, isLive: false }))).toBe(false);
  expect(callActionAllowed('hangUp', call({ state: CallState.Ringing }))).toBe(true);
  expect(callActionAllowed('hangUp', call({ state: CallState.Ended, ended: true, isLive: false }))).toBe(
    false,
  );
  expect(callActionAllowed('mute', call({}))).toBe(true);
  expect(callActionAllowed('hold', call({ isLive: false, state: CallState.Ended, ended: true }))).toBe(false);

  expect(callConnected(null)).toBe(false);
  expect(callConnected(call({ state: CallState.Ringing }))).toBe(false);
  expect(callConnected(call({ direction: 'inbound', state: CallState.Answering }))).toBe(false);
  expect(callConnected(call({}))).toBe(true);
  expect(callConnected(call({ state: CallState.Held }))).toBe(true);
});
