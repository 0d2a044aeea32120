// The "may we restart into the update now?" decision, over every phone state and every contact state.
import { expect, test } from '@playwright/test';
import { CONTACT_STATE_IDS } from '../../core/states';
import { decideUpdate, PHONE_CALL_STATE_IDS, type UpdateSituation } from '../../core/update-decision';
import { CallState } from '../../renderer/phone/states';

const idle: UpdateSituation = {
  mode: 'automatic',
  readyVersion: '1.2.0',
  phone: { call: null },
  contactState: null,
  operatorReady: false,
};

test('the phone call states here are the softphone’s own', () => {
  expect([...PHONE_CALL_STATE_IDS].sort()).toEqual(Object.values(CallState).sort());
});

test('automatic: installs when the operator is idle or Not ready', () => {
  expect(decideUpdate(idle)).toMatchObject({ action: 'install', message: 'Restarting into Dialdeck 1.2.0…' });
  // i18n (issue 14): the same words as a catalog key, for the page to show in the operator's language.
  expect(decideUpdate(idle)).toMatchObject({
    text: { key: 'update.restarting', values: { version: 'Dialdeck 1.2.0' } },
  });
});

test('automatic: waits through every phone state of a live call, installs once it has ended', () => {
  for (const call of PHONE_CALL_STATE_IDS) {
    const d = decideUpdate({ ...idle, phone: { call } });
    if (call === 'ended') expect(d.action, call).toBe('install');
    else expect(d, call).toMatchObject({ action: 'wait', message: expect.stringMatching(/after this call/) });
  }
});

test('automatic: waits while the operator holds a contact (offer, BCW, call, ACW), not otherwise', () => {
  const holding = new Set([
    'OPERATOR_ASSIGNED',
    'BCW',
    'CALLING',
    'AWAITING_FREE_OPERATOR',
    'CALL_IN_PROGRESS',
    'ACW',
  ]);
  for (const state of CONTACT_STATE_IDS) {
    const d = decideUpdate({ ...idle, contactState: state });
    if (holding.has(state)) {
      expect(d.action, state).toBe('wait');
      if (d.action === 'wait') expect(d.message).toMatch(/finished this contact/);
    } else expect(d.action, state).toBe('install');
  }
  expect(decideUpdate({ ...idle, contactState: 'BCW' })).toMatchObject({
    message: expect.stringContaining('(Before call work)'),
  });
  // A state this build does not know may be the operator's: wait.
  expect(decideUpdate({ ...idle, contactState: 'SOMETHING_NEW' }).action).toBe('wait');
});

test('automatic: an operator who is Ready waits for Not ready, and says so', () => {
  expect(decideUpdate({ ...idle, operatorReady: true })).toMatchObject({
    action: 'wait',
    message: 'Dialdeck 1.2.0 is ready; it is installed when you go Not ready.',
  });
});

test('every phone state × every contact state × ready: never install during a call or a held contact', () => {
  for (const call of [null, ...PHONE_CALL_STATE_IDS]) {
    for (const contactState of [null, ...CONTACT_STATE_IDS]) {
      for (const operatorReady of [false, true]) {
        const d = decideUpdate({ ...idle, phone: { call }, contactState, operatorReady });
        const busy =
          (call !== null && call !== 'ended') ||
          [
            'OPERATOR_ASSIGNED',
            'BCW',
            'CALLING',
            'AWAITING_FREE_OPERATOR',
            'CALL_IN_PROGRESS',
            'ACW',
          ].includes(contactState ?? '') ||
          operatorReady;
        expect(d.action, `${call} ${contactState} ${operatorReady}`).toBe(busy ? 'wait' : 'install');
      }
    }
  }
});

test('notify mode only tells; off and "nothing downloaded" do nothing', () => {
  const busy = { ...idle, phone: { call: 'connected' as const } };
  expect(decideUpdate({ ...busy, mode: 'notify' })).toMatchObject({
    action: 'notify',
    message: 'Dialdeck 1.2.0 is ready; it is installed when you quit Dialdeck.',
  });
  expect(decideUpdate({ ...idle, mode: 'off' })).toEqual({ action: 'nothing' });
  expect(decideUpdate({ ...idle, readyVersion: null })).toEqual({ action: 'nothing' });
});
