/** Engine scenarios: offer, accept or decline, the BCW countdown, reject. Run on both databases by ../engine-scenarios.ts. */
import { test, expect } from '@playwright/test';
import { TestOperator } from '../support';
import { type EngineHarness } from './harness';

export function previewScenarios(h: EngineHarness) {
  const { clock, tick, setup, contact, expectState } = h;
  test('preview: offer → accept → BCW → Call → CALLING → CALL_IN_PROGRESS → ACW → SUCCESS, every step an event', async () => {
    const { ops } = await setup({ bcwSeconds: 30 });
    const op = ops[0]!;
    const m = op.mark();
    op.send({ type: 'setReady' });
    const offer = await op.next('offer', m);
    expect(offer.contact.number).toBe('+12025550100');
    await expectState(offer.contact.id, 'OPERATOR_ASSIGNED');
    op.send({ type: 'acceptOffer', contactId: offer.contact.id });
    const bcw = await op.expectContactState('BCW', m);
    expect(new Date(bcw.bcwEndsAt!).getTime() - clock.now().getTime()).toBe(30_000);
    await expectState(offer.contact.id, 'BCW');
    op.send({ type: 'callNow', contactId: offer.contact.id });
    const dial = await op.next('dial', m);
    await expectState(offer.contact.id, 'CALLING');
    op.send({
      type: 'reportCallProgress',
      contactId: dial.contactId,
      attemptId: dial.attemptId,
      stage: 'ringing',
      sipCode: 180,
    });
    op.send({
      type: 'reportCallProgress',
      contactId: dial.contactId,
      attemptId: dial.attemptId,
      stage: 'answered',
      sipCode: 200,
    });
    await op.expectContactState('CALL_IN_PROGRESS', m);
    op.send({
      type: 'reportCallEnded',
      contactId: dial.contactId,
      attemptId: dial.attemptId,
      outcome: 'answered',
      sipCode: 200,
      cause: 'bye',
      quality: { packetLossPct: 0, jitterMs: 2, roundTripMs: 10, mos: 4.3 },
    });
    await op.expectContactState('ACW', m);
    op.send({
      type: 'submitAfterCallWork',
      contactId: dial.contactId,
      disposition: 'success',
      note: 'sold',
    });
    expect((await op.next('result', m)).finalState).toBe('SUCCESS');
    const c = await contact(dial.contactId);
    expect(c.state).toBe('SUCCESS');
    expect(c.events.map((e) => e.to)).toEqual([
      'INITIAL',
      'OPERATOR_ASSIGNED',
      'BCW',
      'CALLING',
      'CALL_IN_PROGRESS',
      'ACW',
      'SUCCESS',
    ]);
    expect(c.attemptHistory).toHaveLength(1);
    expect(c.attemptHistory[0]!.mos).toBeCloseTo(4.3);
    expect(c.attemptHistory[0]!.disposition).toBe('success');
  });

  test('BCW countdown reaching zero sends the dial command', async () => {
    const { ops } = await setup({ bcwSeconds: 5 });
    const op = ops[0]!;
    const m = op.mark();
    op.send({ type: 'setReady' });
    const offer = await op.next('offer', m);
    op.send({ type: 'acceptOffer', contactId: offer.contact.id });
    await op.expectContactState('BCW', m);
    clock.advance(5_000);
    await tick();
    const dial = await op.next('dial', m);
    expect(dial.number).toBe('+12025550100');
    await expectState(offer.contact.id, 'CALLING');
  });

  test('decline returns the contact to the queue and it goes to another operator', async () => {
    const { ops } = await setup({ declineSetsNotReady: true }, ['+12025550101'], 2);
    const [a, b] = ops as [TestOperator, TestOperator];
    const ma = a.mark();
    a.send({ type: 'setReady' });
    const offer = await a.next('offer', ma);
    const mb = b.mark();
    a.send({ type: 'declineOffer', contactId: offer.contact.id });
    expect((await a.next('operatorStatus', ma + 1)).reason).toBe('declined an offer');
    b.send({ type: 'setReady' });
    const second = await b.next('offer', mb);
    expect(second.contact.id).toBe(offer.contact.id);
    const c = await contact(offer.contact.id);
    expect(c.events.map((e) => e.event)).toEqual(['import', 'assign', 'decline', 'assign']);
  });

  test('an unanswered offer times out: back to INITIAL, operator Not ready', async () => {
    const { ops } = await setup({ offerTimeoutSeconds: 20 });
    const op = ops[0]!;
    const m = op.mark();
    op.send({ type: 'setReady' });
    const offer = await op.next('offer', m);
    clock.advance(20_000);
    await tick();
    const status = await op.next('operatorStatus', m + 1);
    expect(status).toMatchObject({
      ready: false,
      reason: 'offer not answered',
      reasonCode: { code: 'offer_not_answered' },
    });
    await expectState(offer.contact.id, 'INITIAL');
  });

  test('reject in BCW → CANCELLED_BY_OPERATOR; reject while calling → CANCELLED_BY_OPERATOR', async () => {
    const { ops } = await setup({ bcwSeconds: 60 }, ['+12025550102', '+12025550103']);
    const op = ops[0]!;
    let m = op.mark();
    op.send({ type: 'setReady' });
    const offer = await op.next('offer', m);
    op.send({ type: 'acceptOffer', contactId: offer.contact.id });
    await op.expectContactState('BCW', m);
    m = op.mark();
    op.send({ type: 'rejectContact', contactId: offer.contact.id });
    expect((await op.next('result', m)).finalState).toBe('CANCELLED_BY_OPERATOR');
    const second = await op.next('offer', m);
    op.send({ type: 'acceptOffer', contactId: second.contact.id });
    await op.expectContactState('BCW', m);
    op.send({ type: 'callNow', contactId: second.contact.id });
    await op.next('dial', m);
    op.send({ type: 'rejectContact', contactId: second.contact.id });
    await expectState(second.contact.id, 'CANCELLED_BY_OPERATOR');
  });
}
