/** Engine scenarios: retries, dial failures, after-call work and callbacks, transfer, calling hours, progressive. Run on both databases by ../engine-scenarios.ts. */
import { test, expect } from '@playwright/test';
import { type Json } from '../support';
import { type EngineHarness, type Contact } from './harness';

export function attemptsScenarios(h: EngineHarness) {
  const { clock, tick, setup, contact, expectState, toCalling } = h;
  test('rejected and unreachable → RETRY_SCHEDULED; due → INITIAL; attempts used up → no retry time', async () => {
    const { ops } = await setup({
      bcwSeconds: 0,
      retry: { maxAttempts: 2, delaySeconds: { rejected: 600, unreachable: 300 } },
    });
    const op = ops[0]!;
    let dial = await toCalling(op);
    let m = op.mark();
    op.send({
      type: 'reportCallEnded',
      contactId: dial.contactId,
      attemptId: dial.attemptId,
      outcome: 'rejected',
      sipCode: 486,
      cause: 'busy',
    });
    expect((await op.next('result', m)).finalState).toBe('RETRY_SCHEDULED');
    let c = await contact(dial.contactId);
    expect(c.attempts).toBe(1);
    expect(new Date(c.retryAt!).getTime() - clock.now().getTime()).toBe(600_000);
    clock.advance(600_000);
    await tick();
    await expectState(dial.contactId, 'OPERATOR_ASSIGNED'); // due → INITIAL → offered again
    m = op.mark();
    const offer = op.received.filter((x) => x.type === 'offer').pop()!;
    expect(offer.type === 'offer' && offer.contact.attempts).toHaveLength(1);
    op.send({ type: 'acceptOffer', contactId: dial.contactId });
    dial = await op.next('dial', m);
    op.send({
      type: 'reportCallEnded',
      contactId: dial.contactId,
      attemptId: dial.attemptId,
      outcome: 'unreachable',
      sipCode: 480,
      cause: 'offline',
    });
    await op.next('result', m);
    c = await contact(dial.contactId);
    expect(c).toMatchObject({ state: 'RETRY_SCHEDULED', attempts: 2, retryAt: null });
    const report = await h.api.ok<{ notReached: number }>('GET', `/campaigns/${c.campaignId}/report`);
    expect(report.notReached).toBe(1);
  });

  test('workstation dial failures do not use attempts; three in a row set the operator Not ready', async () => {
    const { ops } = await setup({ bcwSeconds: 0, retry: { delaySeconds: { dialFailed: 0 } } });
    const op = ops[0]!;
    let m = op.mark();
    op.send({ type: 'setReady' });
    for (let i = 0; i < 3; i++) {
      const offer = await op.next('offer', m);
      op.send({ type: 'acceptOffer', contactId: offer.contact.id });
      const dial = await op.next('dial', m);
      m = op.mark();
      op.send({
        type: 'reportDialFailed',
        contactId: dial.contactId,
        attemptId: dial.attemptId,
        reason: 'microphone_denied',
        diagnostics: { devices: 0 },
      });
      expect((await op.next('result', m)).finalState).toBe('RETRY_SCHEDULED');
      if (i < 2) {
        await tick();
      } else {
        expect(await op.next('operatorStatus', m)).toMatchObject({
          ready: false,
          reason: '3 consecutive dial failures',
          reasonCode: { code: 'dial_failures', count: 3 },
        });
      }
    }
    const contacts = await h.api.ok<{ contacts: Contact[] }>(
      'GET',
      `/campaigns/${(await h.api.ok<{ campaigns: Array<{ id: string; operators: string[] }> }>('GET', '/campaigns')).campaigns.find((k) => k.operators.includes(op.login))!.id}/contacts`,
    );
    const c = await contact(contacts.contacts[0]!.id);
    expect(c.attempts).toBe(0);
    expect(c.attemptHistory.map((a) => [a.dialFailureReason, a.counts])).toEqual([
      ['microphone_denied', false],
      ['microphone_denied', false],
      ['microphone_denied', false],
    ]);
    expect(c.events.filter((e) => e.to === 'DIAL_FAILED')).toHaveLength(3);
  });

  test('a PBX dial failure counts and is final once attempts are used up', async () => {
    const { ops } = await setup({ bcwSeconds: 0, retry: { maxAttempts: 1 } });
    const op = ops[0]!;
    const dial = await toCalling(op);
    op.send({
      type: 'reportDialFailed',
      contactId: dial.contactId,
      attemptId: dial.attemptId,
      reason: 'pbx_refused',
      diagnostics: { sipCode: 403 },
    });
    await expectState(dial.contactId, 'DIAL_FAILED');
    expect((await contact(dial.contactId)).attempts).toBe(1);
  });

  test('ACW limit ends after-call work as SUCCESS; a callback lands in RETRY_SCHEDULED at its time', async () => {
    const { ops } = await setup({ bcwSeconds: 0, acwSeconds: 30 }, ['+12025550104', '+12025550105']);
    const op = ops[0]!;
    let dial = await toCalling(op);
    let m = op.mark();
    op.send({
      type: 'reportCallEnded',
      contactId: dial.contactId,
      attemptId: dial.attemptId,
      outcome: 'answered',
      sipCode: 200,
      cause: 'bye',
    });
    const acw = await op.expectContactState('ACW', m);
    expect(acw.acwEndsAt).not.toBeNull();
    m = op.mark();
    clock.advance(30_000);
    await tick();
    await expectState(dial.contactId, 'SUCCESS');
    expect((await contact(dial.contactId)).attemptHistory[0]!.disposition).toBe('acw_timeout');
    const offer = await op.next('offer', m);
    op.send({ type: 'acceptOffer', contactId: offer.contact.id });
    dial = await op.next('dial', m);
    op.send({
      type: 'reportCallProgress',
      contactId: dial.contactId,
      attemptId: dial.attemptId,
      stage: 'answered',
    });
    op.send({
      type: 'reportCallEnded',
      contactId: dial.contactId,
      attemptId: dial.attemptId,
      outcome: 'answered',
      sipCode: 200,
      cause: 'bye',
    });
    await op.expectContactState('ACW', m);
    const callbackAt = new Date(clock.now().getTime() + 86_400_000).toISOString();
    const beforeSubmit = op.mark();
    op.send({
      type: 'submitAfterCallWork',
      contactId: dial.contactId,
      disposition: 'callback',
      note: 'call tomorrow',
      callbackAt,
    });
    expect((await op.next('result', beforeSubmit)).finalState).toBe('RETRY_SCHEDULED');
    expect((await contact(dial.contactId)).retryAt).toBe(callbackAt);
  });

  test('transfer: a failed one leaves the call up; a completed one → ACW for the transferring operator, with its limit', async () => {
    const { ops } = await setup({ bcwSeconds: 0, acwSeconds: 30 }, ['+12025550106']);
    const op = ops[0]!;
    const dial = await toCalling(op);
    const on = { contactId: dial.contactId, attemptId: dial.attemptId };
    let m = op.mark();
    op.send({ type: 'reportCallProgress', ...on, stage: 'answered' });
    await op.expectContactState('CALL_IN_PROGRESS', m);
    op.send({
      type: 'reportTransfer',
      ...on,
      kind: 'blind',
      target: '2001',
      result: 'failed',
      reason: '486 Busy Here',
    });
    op.send({ type: 'reportTransfer', ...on, kind: 'attended', target: '2002', result: 'cancelled' });
    m = op.mark();
    op.send({
      type: 'reportTransfer',
      ...on,
      kind: 'blind',
      target: '2003',
      targetName: 'Queue',
      result: 'completed',
    });
    const acw = await op.expectContactState('ACW', m);
    expect(new Date(acw.acwEndsAt!).getTime() - clock.now().getTime()).toBe(30_000);
    op.send({ type: 'reportCallEnded', ...on, outcome: 'answered', sipCode: null, cause: 'transferred' });
    // The operator's leg ending after the transfer is recorded and changes no state.
    await expect
      .poll(async () => ((await contact(dial.contactId)).attemptHistory[0] as Json).endedAt ?? null)
      .not.toBeNull();
    const c = await contact(dial.contactId);
    expect(c.state).toBe('ACW');
    expect(c.events.map((e) => e.event).slice(-2)).toEqual(['answered', 'transferred']);
    expect(c.events.at(-1)).toMatchObject({ to: 'ACW', reason: 'blind transfer to Queue' });
    clock.advance(30_000);
    await tick();
    await expectState(dial.contactId, 'SUCCESS');
    expect(op.received.filter((x) => x.type === 'error')).toEqual([]);
  });

  test('outside calling hours nobody is offered the campaign; at opening time the offer comes', async () => {
    const opensAt = new Date(clock.now().getTime() + 2 * 3600_000);
    // Calling hours are kept in the contact's zone (issue 13.3): +1 202 is Washington, DC.
    const hhmm = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'America/New_York',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(opensAt);
    const { ops } = await setup({ callingHours: { start: hhmm, end: '23:59' }, timeZone: 'UTC' });
    const op = ops[0]!;
    const m = op.mark();
    op.send({ type: 'setReady' });
    await op.next('operatorStatus', m);
    await tick();
    expect(op.received.slice(m).some((x) => x.type === 'offer')).toBe(false);
    clock.set(opensAt);
    await tick();
    const offer = await op.next('offer', m);
    expect(offer.contact.number).toBe('+12025550100');
  });

  test('progressive dials as soon as the operator is assigned', async () => {
    const { ops } = await setup({ mode: 'progressive' });
    const op = ops[0]!;
    const m = op.mark();
    op.send({ type: 'setReady' });
    const dial = await op.next('dial', m);
    const c = await contact(dial.contactId);
    expect(c.events.map((e) => e.to)).toEqual(['INITIAL', 'OPERATOR_ASSIGNED', 'CALLING']);
  });
}
