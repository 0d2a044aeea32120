/** Engine scenarios: invalid records and the blacklist, cancel, delete. Run on both databases by ../engine-scenarios.ts. */
import { test, expect } from '@playwright/test';
import { type EngineHarness, type Contact } from './harness';

export function listScenarios(h: EngineHarness) {
  const { setup, expectState, toCalling } = h;
  test('invalid numbers become INVALID_RECORD; blacklist on import, before the dial, and removal back to INITIAL', async () => {
    const listed = '+12025550106';
    await h.api.ok('POST', '/blacklist', { phone: listed, reason: 'do not call' });
    const { campaignId, ops } = await setup({ bcwSeconds: 60 }, ['+12025550107', 'call me', '', listed]);
    const list = await h.api.ok<{ contacts: Contact[] }>('GET', `/campaigns/${campaignId}/contacts`);
    expect(list.contacts.map((c) => c.state)).toEqual([
      'INITIAL',
      'INVALID_RECORD',
      'INVALID_RECORD',
      'BLACKLISTED',
    ]);
    const op = ops[0]!;
    const m = op.mark();
    op.send({ type: 'setReady' });
    const offer = await op.next('offer', m);
    op.send({ type: 'acceptOffer', contactId: offer.contact.id });
    await op.expectContactState('BCW', m);
    await h.api.ok('POST', '/blacklist', { phone: '+1 202 555 0107' });
    op.send({ type: 'callNow', contactId: offer.contact.id });
    expect((await op.next('result', m)).finalState).toBe('BLACKLISTED');
    const removed = await h.api.ok<{ contactsReturned: number }>(
      'DELETE',
      `/blacklist/${encodeURIComponent(listed)}`,
    );
    expect(removed.contactsReturned).toBe(1);
    await expectState(list.contacts[3]!.id, 'OPERATOR_ASSIGNED'); // INITIAL again, and routed to the Ready operator
  });

  test('cancel: waiting contacts → CANCELLED_BY_ADMIN, the call that is up finishes', async () => {
    const { campaignId, ops } = await setup({ bcwSeconds: 0 }, [
      '+12025550108',
      '+12025550109',
      '+12025550110',
    ]);
    const op = ops[0]!;
    const dial = await toCalling(op);
    op.send({
      type: 'reportCallProgress',
      contactId: dial.contactId,
      attemptId: dial.attemptId,
      stage: 'answered',
    });
    await expectState(dial.contactId, 'CALL_IN_PROGRESS');
    const r = await h.api.ok<{ status: string; contactsCancelled: number }>(
      'POST',
      `/campaigns/${campaignId}/cancel`,
    );
    expect(r).toMatchObject({ status: 'CANCELLED', contactsCancelled: 2 });
    const m = op.mark();
    op.send({
      type: 'reportCallEnded',
      contactId: dial.contactId,
      attemptId: dial.attemptId,
      outcome: 'answered',
      sipCode: 200,
      cause: 'bye',
    });
    await op.expectContactState('ACW', m);
    op.send({ type: 'submitAfterCallWork', contactId: dial.contactId, disposition: 'success', note: '' });
    await expectState(dial.contactId, 'SUCCESS');
    const report = await h.api.ok<{ contactsByState: Record<string, number> }>(
      'GET',
      `/campaigns/${campaignId}/report`,
    );
    expect(report.contactsByState).toEqual({ SUCCESS: 1, CANCELLED_BY_ADMIN: 2 });
  });

  test('delete → REMOVED, also while the operator holds it', async () => {
    const { ops } = await setup({ bcwSeconds: 60 });
    const op = ops[0]!;
    const m = op.mark();
    op.send({ type: 'setReady' });
    const offer = await op.next('offer', m);
    await h.api.ok('DELETE', `/contacts/${offer.contact.id}`);
    expect((await op.next('result', m)).finalState).toBe('REMOVED');
    await expectState(offer.contact.id, 'REMOVED');
    expect((await h.api.call('DELETE', '/contacts/999999999')).status).toBe(404);
  });
}
