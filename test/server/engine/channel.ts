/** Engine scenarios: the operator channel: resume, calls lost while dialing, protocol version, tokens, bad messages. Run on both databases by ../engine-scenarios.ts. */
import { test, expect } from '@playwright/test';
import { OPERATOR_CHANNEL_PROTOCOL_VERSION } from '../../../core/operator-channel';
import { TestOperator } from '../support';
import { type EngineHarness } from './harness';

export function channelScenarios(h: EngineHarness) {
  const { clock, tick, setup, contact, expectState, toCalling } = h;
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
            await h.api.ok<{ operators: Array<{ login: string; connected: boolean }> }>('GET', '/operators')
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
            await h.api.ok<{ operators: Array<{ login: string; connected: boolean }> }>('GET', '/operators')
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
    await h.api.ok('PATCH', `/campaigns/${campaignId}`, { retry: { maxAttempts: 1 } });
    op.drop();
    await expect
      .poll(
        async () =>
          (
            await h.api.ok<{ operators: Array<{ login: string; connected: boolean }> }>('GET', '/operators')
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
      const other = new TestOperator(h.server.url, op.login, op.token);
      h.operators.push(other);
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
    const desk2 = new TestOperator(h.server.url, op.login, op.token);
    h.operators.push(desk2);
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
    const stranger = new TestOperator(h.server.url, op.login, 'wrong-token');
    const ws = stranger.connect();
    await expect(ws).rejects.toThrow();
  });
}
