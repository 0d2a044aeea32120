/**
 * Engine scenarios for every contact state, written once and run on PGlite and on a real PostgreSQL
 * (engine.pglite.spec.ts, engine.postgres.spec.ts). One server per file; each test makes its own campaign,
 * operators and contacts, and drives time with the server's ManualClock.
 */
import { test, expect } from '@playwright/test';
import {
  startCampaignServer,
  ManualClock,
  type CampaignServer,
  type DatabaseConfig,
} from '../../server/index';
import { OPERATOR_CHANNEL_PROTOCOL_VERSION } from '../../core/operator-channel';
import { Api, FakeDialer, TestOperator, type Json } from './support';

interface Contact extends Json {
  id: string;
  state: string;
  attempts: number;
  retryAt: string | null;
  events: Array<{ from: string | null; to: string; event: string; actor: string; reason: string | null }>;
  attemptHistory: Array<{
    outcome: string | null;
    counts: boolean;
    mos: number | null;
    disposition: string | null;
    dialFailureReason: string | null;
  }>;
}

let seq = 0;
const unique = (p: string) => `${p}${process.pid}x${++seq}`;

export function defineEngineScenarios(
  label: string,
  database: () => Promise<{ config: DatabaseConfig; stop(): Promise<void> }>,
) {
  test.describe(`engine on ${label}`, () => {
    test.describe.configure({ mode: 'default', timeout: 120_000 });
    let server: CampaignServer;
    let api: Api;
    let stopDb: () => Promise<void>;
    const clock = new ManualClock(new Date('2026-03-02T10:00:00Z'));
    const dialer = new FakeDialer();
    const operators: TestOperator[] = [];

    test.beforeAll(async () => {
      test.setTimeout(180_000);
      const db = await database();
      stopDb = db.stop;
      server = await startCampaignServer({
        database: db.config,
        clock,
        dialer,
        resumeGraceMs: 60_000,
        tickMs: 50,
      });
      api = new Api(server.url, server.adminToken);
    });
    test.afterAll(async () => {
      for (const o of operators) await o.close().catch(() => undefined);
      await server?.stop();
      await stopDb?.();
    });

    async function tick() {
      await server.engine.tick();
      await server.engine.dispatch();
    }

    async function setup(settings: Json = {}, phones: string[] = ['+12025550100'], operatorCount = 1) {
      const logins: string[] = [];
      const tokens: string[] = [];
      for (let i = 0; i < operatorCount; i++) {
        const login = unique('op');
        const r = await api.ok<{ token: string }>('POST', '/operators', { login, name: login });
        logins.push(login);
        tokens.push(r.token);
      }
      const k = await api.ok<{ id: string }>('POST', '/campaigns', {
        name: unique('c'),
        operators: logins,
        ...settings,
      });
      const imported = await api.ok<{ imported: number }>('POST', `/campaigns/${k.id}/contacts`, {
        contacts: phones.map((phone, i) => ({ phone, name: `Customer ${i}` })),
      });
      expect(imported.imported).toBe(phones.length);
      await api.ok('POST', `/campaigns/${k.id}/start`);
      const ops = logins.map((l, i) => new TestOperator(server.url, l, tokens[i]!));
      for (const o of ops) {
        operators.push(o);
        await o.connect();
      }
      return { campaignId: k.id, ops };
    }

    const contact = (id: string) => api.ok<Contact>('GET', `/contacts/${id}`);
    async function expectState(id: string, state: string) {
      await expect.poll(async () => (await contact(id)).state, { timeout: 20_000 }).toBe(state);
    }

    /** Ready → offer → accept → (BCW →) dial; returns the dial command. */
    async function toCalling(op: TestOperator, o: { callNow?: boolean } = {}) {
      const m = op.mark();
      op.send({ type: 'setReady' });
      const offer = await op.next('offer', m);
      op.send({ type: 'acceptOffer', contactId: offer.contact.id });
      if (o.callNow) {
        await op.expectContactState('BCW', m);
        op.send({ type: 'callNow', contactId: offer.contact.id });
      }
      return op.next('dial', m);
    }

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
      const report = await api.ok<{ notReached: number }>('GET', `/campaigns/${c.campaignId}/report`);
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
      const contacts = await api.ok<{ contacts: Contact[] }>(
        'GET',
        `/campaigns/${(await api.ok<{ campaigns: Array<{ id: string; operators: string[] }> }>('GET', '/campaigns')).campaigns.find((k) => k.operators.includes(op.login))!.id}/contacts`,
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

    test('invalid numbers become INVALID_RECORD; blacklist on import, before the dial, and removal back to INITIAL', async () => {
      const listed = '+12025550106';
      await api.ok('POST', '/blacklist', { phone: listed, reason: 'do not call' });
      const { campaignId, ops } = await setup({ bcwSeconds: 60 }, ['+12025550107', 'call me', '', listed]);
      const list = await api.ok<{ contacts: Contact[] }>('GET', `/campaigns/${campaignId}/contacts`);
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
      await api.ok('POST', '/blacklist', { phone: '+1 202 555 0107' });
      op.send({ type: 'callNow', contactId: offer.contact.id });
      expect((await op.next('result', m)).finalState).toBe('BLACKLISTED');
      const removed = await api.ok<{ contactsReturned: number }>(
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
      const r = await api.ok<{ status: string; contactsCancelled: number }>(
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
      const report = await api.ok<{ contactsByState: Record<string, number> }>(
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
      await api.ok('DELETE', `/contacts/${offer.contact.id}`);
      expect((await op.next('result', m)).finalState).toBe('REMOVED');
      await expectState(offer.contact.id, 'REMOVED');
      expect((await api.call('DELETE', '/contacts/999999999')).status).toBe(404);
    });

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
      await api.ok('POST', `/campaigns/${campaignId}/cancel`);
      expect(dialer.hungUp).toContain(ringing);
      const list = await api.ok<{ contacts: Contact[] }>('GET', `/campaigns/${campaignId}/contacts`);
      for (const c of list.contacts) await expectState(c.id, 'CANCELLED_BY_ADMIN');
      // The customer's phone stops ringing; the dialer reports the end, which changes nothing any more.
      dialer.emit({ type: 'ended', callId: ringing });
      await expectState(list.contacts[0]!.id, 'CANCELLED_BY_ADMIN');
    });

    test('predictive: answered → CALL_IN_PROGRESS at a free operator; none free → AWAITING_FREE_OPERATOR; early hang-up → CANCELLED_BY_CLIENT', async () => {
      const phones = ['+12025550111', '+12025550112', '+12025550113'];
      const { campaignId, ops } = await setup({ mode: 'predictive' }, phones);
      const op = ops[0]!;
      let m = op.mark();
      op.send({ type: 'setReady' });
      await expect.poll(() => dialer.callFor(phones[0]!), { timeout: 20_000 }).toBeTruthy();
      const first = dialer.callFor(phones[0]!)!;
      expect(
        dialer.originated.find((o) => o.callId === first)!.headers['X-Dialdeck-Contact-Id'],
      ).toBeTruthy();
      dialer.emit({ type: 'answered', callId: first });
      const incoming = await op.next('incomingCampaignCall', m);
      expect(incoming.number).toBe(phones[0]);
      await op.expectContactState('CALL_IN_PROGRESS', m);
      expect(dialer.connected.at(-1)).toEqual({ callId: first, operator: op.login });
      const list = await api.ok<{ contacts: Contact[] }>('GET', `/campaigns/${campaignId}/contacts`);
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
              await api.ok<{ operators: Array<{ login: string; ready: boolean }> }>('GET', '/operators')
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
      const report = await api.ok<{ abandonRate: number; attempts: { answered: number; abandoned: number } }>(
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
      const list = await api.ok<{
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
      const report = await api.ok<{ attempts: { answered: number; abandoned: number } }>(
        'GET',
        `/campaigns/${campaignId}/report`,
      );
      expect(report.attempts).toMatchObject({ answered: 1, abandoned: 1 });
    });

    test('a dropped connection resumes within the grace period and keeps its contact; after it, the contact is reconciled', async () => {
      const { ops } = await setup({ bcwSeconds: 600 });
      const op = ops[0]!;
      let m = op.mark();
      op.send({ type: 'setReady' });
      const offer = await op.next('offer', m);
      op.send({ type: 'acceptOffer', contactId: offer.contact.id });
      await op.expectContactState('BCW', m);
      op.drop();
      await expect
        .poll(
          async () =>
            (
              await api.ok<{ operators: Array<{ login: string; connected: boolean }> }>('GET', '/operators')
            ).operators.find((o) => o.login === op.login)!.connected,
        )
        .toBe(false);
      const welcome = await op.connect();
      expect(welcome.resumed).toBe(true);
      expect(welcome.state.current?.view).toMatchObject({ contactId: offer.contact.id, state: 'BCW' });
      expect(welcome.state.current?.view.bcwEndsAt).not.toBeNull();
      op.drop();
      await expect
        .poll(
          async () =>
            (
              await api.ok<{ operators: Array<{ login: string; connected: boolean }> }>('GET', '/operators')
            ).operators.find((o) => o.login === op.login)!.connected,
        )
        .toBe(false);
      clock.advance(60_001);
      await tick();
      await expectState(offer.contact.id, 'INITIAL');
      m = op.mark();
      const again = await op.connect();
      expect(again.state).toMatchObject({
        ready: false,
        reason: 'connection lost',
        reasonCode: { code: 'connection_lost' },
        current: null,
      });
      expect(m).toBeGreaterThan(0);
    });

    test('a call lost while dialing gives its attempt back; with the attempts used up it is not reached rather than retried', async () => {
      const { campaignId, ops } = await setup({
        bcwSeconds: 0,
        retry: { maxAttempts: 2, delaySeconds: { rejected: 600, dialFailed: 120 } },
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
      await op.next('result', m);
      clock.advance(600_000);
      m = op.mark();
      await tick();
      const offer = await op.next('offer', m);
      op.send({ type: 'acceptOffer', contactId: offer.contact.id });
      dial = await op.next('dial', m);
      expect((await contact(dial.contactId)).attempts).toBe(2);
      // The supervisor lowers the attempts while the second call rings; then the workstation vanishes.
      await api.ok('PATCH', `/campaigns/${campaignId}`, { retry: { maxAttempts: 1 } });
      op.drop();
      await expect
        .poll(
          async () =>
            (
              await api.ok<{ operators: Array<{ login: string; connected: boolean }> }>('GET', '/operators')
            ).operators.find((o) => o.login === op.login)!.connected,
        )
        .toBe(false);
      clock.advance(60_001);
      await tick();
      await expectState(dial.contactId, 'RETRY_SCHEDULED');
      const c = await contact(dial.contactId);
      // The lost call does not count (1 attempt), and one attempt is all the campaign now allows.
      expect(c).toMatchObject({ attempts: 1, retryAt: null });
      expect(c.events.at(-1)).toMatchObject({ event: 'call_lost', from: 'CALLING', to: 'RETRY_SCHEDULED' });
    });

    test('a hello in another protocol version is refused saying which side to update', async () => {
      const { ops } = await setup();
      const op = ops[0]!;
      const speaking = async (version: number | undefined) => {
        const other = new TestOperator(server.url, op.login, op.token);
        operators.push(other);
        other.protocolVersion = version;
        return other.connect();
      };
      await expect(speaking(OPERATOR_CHANNEL_PROTOCOL_VERSION - 1)).rejects.toThrow(
        /This Dialdeck is too old for the campaign server .*update Dialdeck/,
      );
      // A client from before the version was sent spoke version 1.
      await expect(speaking(undefined)).rejects.toThrow(/too old/);
      await expect(speaking(OPERATOR_CHANNEL_PROTOCOL_VERSION + 1)).rejects.toThrow(
        /This Dialdeck is too new for the campaign server .*update the campaign server/,
      );
      expect((await speaking(OPERATOR_CHANNEL_PROTOCOL_VERSION)).operator.login).toBe(op.login);
    });

    test('only the latest resume token takes a session back: a replaced or made-up one is refused', async () => {
      const { ops } = await setup({ bcwSeconds: 600 });
      const op = ops[0]!;
      const m = op.mark();
      op.send({ type: 'setReady' });
      const offer = await op.next('offer', m);
      op.send({ type: 'acceptOffer', contactId: offer.contact.id });
      await op.expectContactState('BCW', m);
      const replaced = op.resumeToken!;
      // The same operator signs in from another workstation: its welcome carries the latest token.
      const desk2 = new TestOperator(server.url, op.login, op.token);
      operators.push(desk2);
      await desk2.connect();
      expect(desk2.resumeToken).not.toBe(replaced);
      desk2.drop();
      op.drop();
      await expect(op.connect()).rejects.toThrow(/cannot be resumed/);
      op.resumeToken = 'ddk_resume_made_up';
      await expect(op.connect()).rejects.toThrow(/cannot be resumed/);
      op.resumeToken = desk2.resumeToken;
      const welcome = await op.connect();
      expect(welcome.resumed).toBe(true);
      expect(welcome.state.current?.view).toMatchObject({ contactId: offer.contact.id, state: 'BCW' });
    });

    test('illegal moves and malformed messages are refused with a clear error', async () => {
      const { ops } = await setup({ bcwSeconds: 60 });
      const op = ops[0]!;
      let m = op.mark();
      op.sendRaw('not json');
      expect((await op.next('error', m)).code).toBe('bad_message');
      m = op.mark();
      op.send({ type: 'setNotReady', reason: '' });
      expect((await op.next('error', m)).message).toContain('reason');
      m = op.mark();
      op.send({ type: 'launchRockets' });
      expect((await op.next('error', m)).code).toBe('bad_message');
      m = op.mark();
      op.send({ type: 'setReady' });
      const offer = await op.next('offer', m);
      m = op.mark();
      op.send({
        type: 'submitAfterCallWork',
        contactId: offer.contact.id,
        disposition: 'success',
        note: '',
        requestId: 'r1',
      });
      expect(await op.next('error', m)).toMatchObject({ code: 'illegal_transition', requestId: 'r1' });
      m = op.mark();
      op.send({ type: 'acceptOffer', contactId: '424242' });
      expect((await op.next('error', m)).code).toBe('not_found');
      const stranger = new TestOperator(server.url, op.login, 'wrong-token');
      const ws = stranger.connect();
      await expect(ws).rejects.toThrow();
    });
  });
}
