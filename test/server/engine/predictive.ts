/** Engine scenarios: predictive: answer, abandon, the operator leg failing, cancel while ringing. Run on both databases by ../engine-scenarios.ts. */
import { test, expect } from '@playwright/test';
import { TestOperator } from '../support';
import { type EngineHarness, type Contact } from './harness';

export function predictiveScenarios(h: EngineHarness) {
  const { dialer, setup, contact, expectState } = h;
  test('predictive: cancelling the campaign while customers ring hangs up their calls (CANCEL) → CANCELLED_BY_ADMIN', async () => {
    // Numbers no other scenario uses: the fake dialer is shared, and callFor(number) finds a number's first call.
    const phones = ['+12025550121', '+12025550122'];
    const { campaignId, ops } = await setup(
      { mode: 'predictive', predictive: { abandonRateLimit: 0.03, maxRatio: 2, ringTimeoutSeconds: 30 } },
      phones,
    );
    ops[0]!.send({ type: 'setReady' });
    await expect.poll(() => dialer.callFor(phones[0]!), { timeout: 20_000 }).toBeTruthy();
    const ringing = dialer.callFor(phones[0]!)!;
    dialer.emit({ type: 'ringing', callId: ringing });
    await h.api.ok('POST', `/campaigns/${campaignId}/cancel`);
    expect(dialer.hungUp).toContain(ringing);
    const list = await h.api.ok<{ contacts: Contact[] }>('GET', `/campaigns/${campaignId}/contacts`);
    for (const c of list.contacts) await expectState(c.id, 'CANCELLED_BY_ADMIN');
    // The customer's phone stops ringing; the dialer reports the end, which changes nothing any more.
    dialer.emit({ type: 'ended', callId: ringing });
    await expectState(list.contacts[0]!.id, 'CANCELLED_BY_ADMIN');
  });

  test('predictive: the instance that placed a call is gone: the customer it was ringing is hung up, and the contact comes back uncounted', async () => {
    const phones = ['+12025550131'];
    const { campaignId, ops } = await setup({ mode: 'predictive' }, phones);
    ops[0]!.send({ type: 'setReady' });
    await expect.poll(() => dialer.callFor(phones[0]!), { timeout: 20_000 }).toBeTruthy();
    const ringing = dialer.callFor(phones[0]!)!;
    dialer.emit({ type: 'ringing', callId: ringing });
    ops[0]!.send({ type: 'setNotReady', reason: 'coffee' });
    // The instance that placed the call dies: its row is gone, as after a survivor's takeover.
    await h.server.db.query("UPDATE attempts SET instance_id = 'a-dead-instance' WHERE dialer_call_id = $1", [
      ringing,
    ]);
    // Reconciled as a lost call, and the customer's phone stops ringing: nobody else would end that call.
    await expect.poll(() => dialer.hungUp, { timeout: 20_000 }).toContain(ringing);
    const list = await h.api.ok<{ contacts: Contact[] }>('GET', `/campaigns/${campaignId}/contacts`);
    const record = await contact(list.contacts[0]!.id);
    expect(record.state).toBe('RETRY_SCHEDULED');
    expect(record.attempts).toBe(0);
    expect(record.events.at(-1)).toMatchObject({ event: 'call_lost', reason: 'dialer instance gone' });
  });

  test("predictive: a SIP dialer's calls outlive the dead instance that placed them: the lost contact is not dialled again until the PBX has surely ended them", async () => {
    const phones = ['+12025550132', '+12025550133'];
    const { campaignId, ops } = await setup(
      { mode: 'predictive', retry: { delaySeconds: { dialFailed: 0, abandoned: 0 } } },
      phones,
      2,
    );
    dialer.orphanLingerMs = () => 180_000;
    try {
      for (const op of ops) op.send({ type: 'setReady' });
      await expect.poll(() => dialer.callFor(phones[0]!), { timeout: 20_000 }).toBeTruthy();
      await expect.poll(() => dialer.callFor(phones[1]!), { timeout: 20_000 }).toBeTruthy();
      const ringing = dialer.callFor(phones[0]!)!;
      const held = dialer.callFor(phones[1]!)!;
      dialer.emit({ type: 'ringing', callId: ringing });
      for (const op of ops) op.send({ type: 'setNotReady', reason: 'coffee' });
      await expect
        .poll(
          async () =>
            (
              await h.api.ok<{ operators: Array<{ login: string; ready: boolean }> }>('GET', '/operators')
            ).operators.filter((o) => ops.some((op) => op.login === o.login) && o.ready).length,
        )
        .toBe(0);
      const list = await h.api.ok<{ contacts: Contact[] }>('GET', `/campaigns/${campaignId}/contacts`);
      const byPhone = (p: string) => list.contacts.find((c) => c.phone === p)!.id;
      // The second customer answered and waits for an operator (none is Ready).
      dialer.emit({ type: 'answered', callId: held });
      await expectState(byPhone(phones[1]!), 'AWAITING_FREE_OPERATOR');
      await h.server.db.query(
        "UPDATE attempts SET instance_id = 'a-dead-instance' WHERE dialer_call_id = ANY($1)",
        [[ringing, held]],
      );
      // Both are written off as lost; with no retry delay of the campaign's own they still wait out the PBX.
      await expect
        .poll(async () => (await contact(byPhone(phones[0]!))).state, { timeout: 20_000 })
        .toBe('RETRY_SCHEDULED');
      await expect
        .poll(async () => (await contact(byPhone(phones[1]!))).state, { timeout: 20_000 })
        .toBe('RETRY_SCHEDULED');
      for (const p of phones) {
        const c = await contact(byPhone(p));
        expect(new Date(c.retryAt!).getTime() - h.clock.now().getTime(), p).toBe(180_000);
      }
    } finally {
      delete dialer.orphanLingerMs;
    }
  });

  test('predictive: answered → CALL_IN_PROGRESS at a free operator; none free → AWAITING_FREE_OPERATOR; early hang-up → CANCELLED_BY_CLIENT', async () => {
    const phones = ['+12025550111', '+12025550112', '+12025550113'];
    const { campaignId, ops } = await setup({ mode: 'predictive' }, phones);
    const op = ops[0]!;
    let m = op.mark();
    op.send({ type: 'setReady' });
    await expect.poll(() => dialer.callFor(phones[0]!), { timeout: 20_000 }).toBeTruthy();
    const first = dialer.callFor(phones[0]!)!;
    expect(dialer.originated.find((o) => o.callId === first)!.headers['X-Dialdeck-Contact-Id']).toBeTruthy();
    dialer.emit({ type: 'answered', callId: first });
    const incoming = await op.next('incomingCampaignCall', m);
    expect(incoming.number).toBe(phones[0]);
    await op.expectContactState('CALL_IN_PROGRESS', m);
    expect(dialer.connected.at(-1)).toEqual({ callId: first, operator: op.login });
    const list = await h.api.ok<{ contacts: Contact[] }>('GET', `/campaigns/${campaignId}/contacts`);
    const second = list.contacts[1]!;
    m = op.mark();
    op.send({
      type: 'reportCallEnded',
      contactId: incoming.contactId,
      attemptId: incoming.attemptId,
      outcome: 'answered',
      sipCode: 200,
      cause: 'bye',
    });
    await op.expectContactState('ACW', m);
    // While the operator is in ACW, set nothing ready: the placed call (if any) would queue.
    op.send({
      type: 'submitAfterCallWork',
      contactId: incoming.contactId,
      disposition: 'success',
      note: '',
    });
    await expect.poll(() => dialer.callFor(phones[1]!), { timeout: 20_000 }).toBeTruthy();
    const call2 = dialer.callFor(phones[1]!)!;
    op.send({ type: 'setNotReady', reason: 'coffee' });
    await expect
      .poll(
        async () =>
          (
            await h.api.ok<{ operators: Array<{ login: string; ready: boolean }> }>('GET', '/operators')
          ).operators.find((o) => o.login === op.login)!.ready,
      )
      .toBe(false);
    dialer.emit({ type: 'answered', callId: call2 });
    await expectState(second.id, 'AWAITING_FREE_OPERATOR');
    dialer.emit({ type: 'customer_hangup', callId: call2, beforeOperator: true });
    await expectState(second.id, 'RETRY_SCHEDULED'); // CANCELLED_BY_CLIENT, then retried after 72 h by policy
    const c = await contact(second.id);
    expect(c.events.map((e) => e.to)).toEqual([
      'INITIAL',
      'CALLING',
      'AWAITING_FREE_OPERATOR',
      'CANCELLED_BY_CLIENT',
      'RETRY_SCHEDULED',
    ]);
    const report = await h.api.ok<{ abandonRate: number; attempts: { answered: number; abandoned: number } }>(
      'GET',
      `/campaigns/${campaignId}/report`,
    );
    expect(report.attempts).toMatchObject({ answered: 2, abandoned: 1 });
    expect(report.abandonRate).toBe(0.5);
  });

  /** Predictive: the one contact is originated, answered and connected to `op`; returns its call. */
  async function predictiveAnsweredAt(op: TestOperator, phone: string) {
    const m = op.mark();
    op.send({ type: 'setReady' });
    await expect.poll(() => dialer.callFor(phone), { timeout: 20_000 }).toBeTruthy();
    const callId = dialer.callFor(phone)!;
    dialer.emit({ type: 'answered', callId });
    const incoming = await op.next('incomingCampaignCall', m);
    await op.expectContactState('CALL_IN_PROGRESS', m);
    expect(dialer.connected.at(-1)).toEqual({ callId, operator: op.login });
    return { callId, contactId: incoming.contactId, attemptId: incoming.attemptId };
  }

  async function operatorOf(login: string) {
    const list = await h.api.ok<{
      operators: Array<{ login: string; ready: boolean; notReadyReason: string | null }>;
    }>('GET', '/operators');
    return list.operators.find((o) => o.login === login)!;
  }

  test("predictive: the operator's leg fails → that operator Not ready, the customer goes to the next Ready operator", async () => {
    const phone = '+12025550114';
    const { ops } = await setup({ mode: 'predictive' }, [phone], 2);
    const [a, b] = ops as [TestOperator, TestOperator];
    const call = await predictiveAnsweredAt(a, phone);
    const mb = b.mark();
    b.send({ type: 'setReady' });
    await b.next('operatorStatus', mb);
    const ma = a.mark();
    dialer.emit({ type: 'operator_rejected', callId: call.callId, sipCode: 486 });
    expect(await a.next('operatorStatus', ma)).toMatchObject({
      ready: false,
      reason: 'did not answer a campaign call',
      reasonCode: { code: 'operator_leg_failed' },
    });
    expect(await a.next('result', ma)).toMatchObject({
      contactId: call.contactId,
      reason: 'did not answer a campaign call',
      reasonCode: 'operator_leg_failed',
    });
    const incoming = await b.next('incomingCampaignCall', mb);
    expect(incoming).toMatchObject({ contactId: call.contactId, attemptId: call.attemptId });
    await b.expectContactState('CALL_IN_PROGRESS', mb);
    expect(dialer.connected.at(-1)).toEqual({ callId: call.callId, operator: b.login });
    expect(await operatorOf(a.login)).toMatchObject({
      ready: false,
      notReadyReason: 'did not answer a campaign call',
    });
    const m = b.mark();
    b.send({
      type: 'reportCallEnded',
      contactId: call.contactId,
      attemptId: call.attemptId,
      outcome: 'answered',
      sipCode: 200,
      cause: 'bye',
    });
    await b.expectContactState('ACW', m);
    b.send({ type: 'submitAfterCallWork', contactId: call.contactId, disposition: 'success', note: '' });
    await expectState(call.contactId, 'SUCCESS');
    const c = await contact(call.contactId);
    expect(c.events.map((e) => [e.event, e.to])).toEqual([
      ['import', 'INITIAL'],
      ['originate', 'CALLING'],
      ['answered', 'CALL_IN_PROGRESS'],
      ['operator_rejected', 'AWAITING_FREE_OPERATOR'],
      ['answered', 'CALL_IN_PROGRESS'],
      ['hangup', 'ACW'],
      ['submit', 'SUCCESS'],
    ]);
    const rejected = c.events.find((e) => e.event === 'operator_rejected')!;
    expect(rejected.actor).toBe('dialer');
    expect(rejected.reason).toContain(a.login);
    expect(rejected.reason).toContain('486');
    // One customer, one call: the failed operator leg did not dial them again.
    expect(dialer.originated.filter((o) => o.to === phone)).toHaveLength(1);
    expect(c.attempts).toBe(1);
    expect(c.attemptHistory).toHaveLength(1);
  });

  test("predictive: the operator's leg fails and nobody is free → AWAITING_FREE_OPERATOR; the customer hangs up → CANCELLED_BY_CLIENT", async () => {
    const phone = '+12025550115';
    const { campaignId, ops } = await setup({ mode: 'predictive' }, [phone]);
    const a = ops[0]!;
    const call = await predictiveAnsweredAt(a, phone);
    const ma = a.mark();
    dialer.emit({ type: 'operator_rejected', callId: call.callId, sipCode: 480 });
    expect(await a.next('operatorStatus', ma)).toMatchObject({
      ready: false,
      reason: 'did not answer a campaign call',
    });
    await expectState(call.contactId, 'AWAITING_FREE_OPERATOR');
    expect(await operatorOf(a.login)).toMatchObject({
      ready: false,
      notReadyReason: 'did not answer a campaign call',
    });
    dialer.emit({ type: 'customer_hangup', callId: call.callId, beforeOperator: true });
    await expectState(call.contactId, 'RETRY_SCHEDULED'); // CANCELLED_BY_CLIENT, then retried by policy
    const c = await contact(call.contactId);
    expect(c.events.map((e) => [e.event, e.to])).toEqual([
      ['import', 'INITIAL'],
      ['originate', 'CALLING'],
      ['answered', 'CALL_IN_PROGRESS'],
      ['operator_rejected', 'AWAITING_FREE_OPERATOR'],
      ['client_hangup', 'CANCELLED_BY_CLIENT'],
      ['retry', 'RETRY_SCHEDULED'],
    ]);
    expect(c.events.find((e) => e.event === 'operator_rejected')!.reason).toContain('480');
    expect(c.attemptHistory.map((x) => x.outcome)).toEqual(['abandoned']);
    expect(dialer.originated.filter((o) => o.to === phone)).toHaveLength(1);
    const report = await h.api.ok<{ attempts: { answered: number; abandoned: number } }>(
      'GET',
      `/campaigns/${campaignId}/report`,
    );
    expect(report.attempts).toMatchObject({ answered: 1, abandoned: 1 });
  });
}
