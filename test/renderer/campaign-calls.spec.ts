/**
 * The console's join between the campaign server and the phone (renderer/console/campaign-calls.ts), for predictive
 * calls: the PBX's INVITE and the server's announcement of the same call race each other, and whichever comes
 * second must still tie the call to its attempt, so the server hears how it ended. Fakes stand for the host and
 * the phone: this is the module's own bookkeeping (the real race runs in test/e2e/console/ against mock-sip).
 */
import { expect, test } from '@playwright/test';
import type { AppInfo } from '../../core/contract';
import { CampaignCalls, type CampaignCallsHost } from '../../renderer/console/campaign-calls';
import type { Call, CallEnd, Phone } from '../../renderer/phone';
import { Emitter } from '../../renderer/phone/emitter';

type Ended = { contactId: string; attemptId: string; outcome: string };

class FakeCall extends Emitter<{ ended: CallEnd; failed: CallEnd; confirmed: undefined }> {
  readonly direction = 'inbound';
  readonly autoAnswer = true;
  readonly timings = { confirmedAt: 1 as number | null };
  end: CallEnd | null = null;
  constructor(
    readonly contactId: string,
    readonly refusedBusy = false,
  ) {
    super();
  }
  get ended(): boolean {
    return this.end !== null;
  }
  summaryQuality() {
    return null;
  }
  /** The customer hangs up: the phone's call ends as answered-then-ended does. */
  hangUpByCustomer(): void {
    this.end = {
      outcome: 'completed',
      dialFailureReason: null,
      sipCode: null,
      cause: 'Terminated',
      originator: 'remote',
      message: { key: 'call.ended' },
    } as unknown as CallEnd;
    this.emit('ended', this.end);
  }
  /** The phone refused it 486 Busy Here: the call fails from our side, as JSSIP reports a local rejection. */
  failBusy(): void {
    this.end = {
      outcome: 'rejected',
      dialFailureReason: null,
      sipCode: 486,
      cause: 'Rejected',
      originator: 'local',
      message: { key: 'call.busy' },
    } as unknown as CallEnd;
    this.emit('failed', this.end);
  }
}

class FakePhone extends Emitter<{ call: Call }> {
  calls: Call[] = [];
  /** The PBX delivers a predictive call; the phone answers it by itself. */
  deliver(call: FakeCall): void {
    this.calls.push(call as unknown as Call);
    this.emit('call', call as unknown as Call);
    call.on('ended', () => (this.calls = this.calls.filter((c) => c !== (call as unknown as Call))));
  }
}

function rig() {
  const ended: Ended[] = [];
  const handlers = new Map<string, (p: unknown) => void>();
  const host = {
    on: (event: string, fn: (p: unknown) => void) => {
      handlers.set(event, fn);
      return () => handlers.delete(event);
    },
    reportCallEnded: async (r: Ended) => void ended.push(r),
    reportCallProgress: async () => undefined,
    reportDialFailed: async () => undefined,
    rejectContact: async () => undefined,
    writeLog: async () => undefined,
    reportTransfer: async () => undefined,
  } as unknown as CampaignCallsHost;
  const phone = new FakePhone();
  const calls = new CampaignCalls(host, phone as unknown as Phone, {} as AppInfo);
  const announce = (contactId: string, attemptId: string) =>
    handlers.get('campaignIncomingCall')!({ contactId, attemptId, number: '+12025550100', contact: {} });
  return { ended, phone, calls, announce };
}

test('the customer hangs up before the server announces the call: the end is still reported for its attempt', () => {
  const { ended, phone, announce } = rig();
  const call = new FakeCall('41');
  phone.deliver(call);
  call.hangUpByCustomer();
  expect(phone.calls).toEqual([]); // the phone has already forgotten it
  announce('41', '900');
  expect(ended).toEqual([
    expect.objectContaining({ contactId: '41', attemptId: '900', outcome: 'completed' }),
  ]);
});

test('the INVITE overtakes the announcement and the call goes on: one end report, when it ends', () => {
  const { ended, phone, announce } = rig();
  const call = new FakeCall('42');
  phone.deliver(call);
  announce('42', '901');
  expect(ended).toEqual([]);
  call.hangUpByCustomer();
  expect(ended).toEqual([expect.objectContaining({ contactId: '42', attemptId: '901' })]);
});

test('the announcement comes first: the call is adopted when it arrives and its end reported once', () => {
  const { ended, phone, announce } = rig();
  announce('43', '902');
  const call = new FakeCall('43');
  phone.deliver(call);
  call.hangUpByCustomer();
  announce('43', '902'); // the same message again after a resume
  expect(ended).toEqual([expect.objectContaining({ contactId: '43', attemptId: '902' })]);
});

test('a campaign call refused busy while the operator talks is not the attempt: its end is never reported', () => {
  // The server announced the customer to this operator, but the operator was on another call: the phone answers
  // 486 and the dialer offers the customer to someone else. Reporting "rejected" would fail that customer.
  const { ended, phone, announce } = rig();
  announce('44', '903');
  const refused = new FakeCall('44', true);
  phone.deliver(refused);
  refused.failBusy();
  expect(ended).toEqual([]);
  // The INVITE first, then the announcement: the same.
  const early = new FakeCall('45', true);
  phone.deliver(early);
  announce('45', '904');
  early.failBusy();
  expect(ended).toEqual([]);
  // Once free, the same contact offered again is this operator's call, and its end is reported.
  const again = new FakeCall('44');
  announce('44', '905');
  phone.deliver(again);
  again.hangUpByCustomer();
  expect(ended).toEqual([expect.objectContaining({ contactId: '44', attemptId: '905' })]);
});
