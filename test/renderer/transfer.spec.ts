/**
 * The transferring phone's logic (renderer/phone/transfer.ts) over stand-in calls: which stage each NOTIFY,
 * refusal, silence or consult hang-up leads to, what happens to the customer's and the consult's legs, and what
 * the operator is told. The real SIP exchange is proven against mock-sip (test/mock-sip/transfer.spec.ts) and
 * end to end (test/e2e/console/transfer.spec.ts).
 */
import { expect, test } from '@playwright/test';
import type { CallEnd } from '../../renderer/phone/call-events';
import { CallTransfer, type ReferHandlers, type TransferableCall } from '../../renderer/phone/transfer';

class StandInCall implements TransferableCall {
  ended = false;
  onHold = false;
  holds: boolean[] = [];
  hungUp = 0;
  refers: Array<{ target: string; handlers: ReferHandlers; consult?: TransferableCall }> = [];
  canRefer = true;
  private listeners: Array<{ event: string; fn: (end: CallEnd) => void }> = [];
  hold(on: boolean): boolean {
    this.onHold = on;
    this.holds.push(on);
    return true;
  }
  hangUp(): void {
    this.hungUp++;
    this.finish('local');
  }
  refer(target: string, handlers: ReferHandlers, consult?: TransferableCall): boolean {
    if (!this.canRefer) return false;
    this.refers.push({ target, handlers, consult });
    return true;
  }
  on(event: 'ended' | 'failed', fn: (end: CallEnd) => void): () => void {
    const l = { event, fn };
    this.listeners.push(l);
    return () => (this.listeners = this.listeners.filter((x) => x !== l));
  }
  finish(originator: 'local' | 'remote'): void {
    if (this.ended) return;
    this.ended = true;
    const end: CallEnd = {
      outcome: 'answered',
      dialFailureReason: null,
      sipCode: null,
      cause: 'Terminated',
      originator,
      message: { key: 'end.customerEnded' },
    };
    for (const l of this.listeners.filter((x) => x.event === 'ended')) l.fn(end);
  }
}

const frag = (status_code: number, reason_phrase = '') => ({ status_line: { status_code, reason_phrase } });

test('blind: REFER to the target; NOTIFY 100 keeps it transferring, 200 transfers it and the operator leaves the call', () => {
  const customer = new StandInCall();
  const t = new CallTransfer(customer, () => new StandInCall());
  const stages: string[] = [];
  t.on('update', (s) => stages.push(s.stage));
  expect(t.blind({ address: '2001', targetId: 'tt_1', targetName: 'Anna' })).toBe(true);
  expect(customer.refers[0]).toMatchObject({ target: '2001', consult: undefined });
  customer.refers[0]!.handlers.trying(frag(100, 'Trying'));
  expect(t.status.stage).toBe('transferring');
  customer.refers[0]!.handlers.accepted(frag(200, 'OK'));
  expect(t.status).toMatchObject({ stage: 'transferred', result: 'completed', kind: 'blind', sipCode: 200 });
  expect(t.status.message).toEqual({ key: 'transfer.transferred' });
  expect(customer.hungUp).toBe(1);
  expect(stages).toEqual(['transferring', 'transferred']);
  t.dispose();
});

test('blind: a final NOTIFY of 486 fails it with the reason; back to the customer, who was never dropped', () => {
  const customer = new StandInCall();
  const t = new CallTransfer(customer, () => new StandInCall());
  t.blind({ address: '+420601000999' });
  customer.refers[0]!.handlers.failed(frag(486, 'Busy Here'));
  expect(t.status).toMatchObject({
    stage: 'failed',
    result: 'failed',
    sipCode: 486,
    reason: '486 Busy Here',
  });
  expect(t.status.message).toEqual({ key: 'transfer.failed.target', values: { answer: 'busy' } });
  expect(customer.hungUp).toBe(0);
  expect(t.returnToCustomer()).toBe(true);
  expect(t.status.stage).toBe('idle');
  // Another try is allowed.
  expect(t.blind({ address: '2002' })).toBe(true);
  t.dispose();
});

test('blind: the REFER refused (403) or no final NOTIFY in time both fail it, each saying why', async () => {
  const refused = new StandInCall();
  const a = new CallTransfer(refused, () => new StandInCall());
  a.blind({ address: '2001' });
  refused.refers[0]!.handlers.requestFailed({ response: { status_code: 403, reason_phrase: 'Forbidden' } });
  expect(a.status).toMatchObject({ stage: 'failed', sipCode: 403, reason: 'REFER refused: 403 Forbidden' });

  const silent = new StandInCall();
  const b = new CallTransfer(silent, () => new StandInCall(), 50);
  b.blind({ address: '2001' });
  silent.refers[0]!.handlers.trying(frag(100));
  await expect.poll(() => b.status.stage).toBe('failed');
  expect(b.status).toMatchObject({ reason: 'no final NOTIFY', message: { key: 'transfer.failed.noAnswer' } });
  // A NOTIFY that comes after the operator was told changes nothing.
  silent.refers[0]!.handlers.accepted(frag(200));
  expect(b.status.stage).toBe('failed');
  expect(silent.hungUp).toBe(0);
});

test('attended: the customer on hold, a consult call, then REFER with Replaces for the consult; transferred', () => {
  const customer = new StandInCall();
  const consult = new StandInCall();
  const placed: string[] = [];
  const t = new CallTransfer(customer, (address) => (placed.push(address), consult));
  expect(t.startConsult({ address: '2001', targetName: 'Anna' })).toBe(true);
  expect(customer.onHold).toBe(true);
  expect(placed).toEqual(['2001']);
  expect(t.status).toMatchObject({ stage: 'consulting', kind: 'attended' });
  expect(t.complete()).toBe(true);
  expect(customer.refers[0]).toMatchObject({ target: '2001', consult });
  customer.refers[0]!.handlers.accepted(frag(200));
  expect(t.status).toMatchObject({ stage: 'transferred', result: 'completed' });
  expect(customer.hungUp).toBe(1);
  t.dispose();
});

test('attended: cancel hangs up the consult and takes the customer off hold; a consult that ends on its own fails it', () => {
  const customer = new StandInCall();
  const consult = new StandInCall();
  const t = new CallTransfer(customer, () => consult);
  t.startConsult({ address: '2001' });
  expect(t.cancel()).toBe(true);
  expect(t.status).toMatchObject({ stage: 'cancelled', result: 'cancelled' });
  expect(consult.hungUp).toBe(1);
  expect(customer.holds).toEqual([true, false]);
  expect(t.returnToCustomer()).toBe(true);

  const second = new StandInCall();
  const u = new CallTransfer(customer, () => second);
  u.startConsult({ address: '2002' });
  second.finish('remote');
  expect(u.status).toMatchObject({ stage: 'failed', result: 'failed' });
  expect(u.status.message?.key).toBe('transfer.failed.consultEnded');
  expect(u.complete()).toBe(false);
  u.returnToCustomer();
  expect(customer.onHold).toBe(false);
});

test('the stage table refuses what makes no sense: completing a blind transfer, cancelling when nothing is under way', () => {
  const customer = new StandInCall();
  const t = new CallTransfer(customer, () => new StandInCall());
  expect(t.cancel()).toBe(false);
  expect(t.complete()).toBe(false);
  expect(t.returnToCustomer()).toBe(false);
  t.blind({ address: '2001' });
  expect(t.startConsult({ address: '2002' })).toBe(false);
  expect(t.complete()).toBe(false);
  t.dispose();
});
