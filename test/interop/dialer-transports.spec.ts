/**
 * The SIP dialer over each transport a PBX may offer, through Kamailio: UDP (with the dialer's own
 * retransmissions; the lossy path is proven in test/server/sip-dialer-udp.spec.ts), WebSocket (RFC 7118), TLS
 * and secure WebSocket (Kamailio's certificate signed by the lab's private CA, which the dialer trusts through
 * `tls.caFile`, and is refused without it).
 * TCP is dialer-calls.spec.ts and dialer-outcomes.spec.ts. Each places the main path: the customer answers,
 * the operator's app answers by itself, audio flows both ways, the operator hangs up and completes ACW.
 */
import type { SipDialerConfigInput } from '../../server/dialer/sip-config';
import { SipDialer } from '../../server/dialer/sip-dialer';
import { operatorHears } from './app';
import { startDialerRig, type DialerRig } from './dialer-rig';
import { expect, test } from './fixtures';
import { DIALER, DOMAIN, NUMBERS, type InteropStack } from './stack';

let rig: DialerRig | null = null;

test.afterEach(async () => {
  await rig?.stop();
  rig = null;
});

const over = (stack: InteropStack) => ({
  udp: { proxy: `sip:${DOMAIN}:${stack.ports.sip};transport=udp` },
  ws: { proxy: `sip:${DOMAIN}:${stack.ports.ws};transport=ws`, websocketPath: '/ws' },
  // Kamailio's certificate is signed by the lab's own CA: the dialer trusts it by configuration only.
  tls: { proxy: `sip:${DOMAIN}:${stack.ports.tls};transport=tls`, tls: { caFile: stack.tlsCaFile } },
  wss: {
    proxy: `sip:${DOMAIN}:${stack.ports.wss};transport=wss`,
    websocketPath: '/ws',
    tls: { caFile: stack.tlsCaFile },
  },
});

for (const transport of ['udp', 'ws', 'tls', 'wss'] as const) {
  test(`over ${transport.toUpperCase()}: the customer is put through to the Ready operator, audio both ways, and the call ends SUCCESS`, async ({
    stack,
    labBrowser,
    rendererDir,
  }) => {
    const dialer: Partial<SipDialerConfigInput> = over(stack)[transport];
    rig = await startDialerRig(stack, labBrowser, rendererDir, { customers: [NUMBERS.tone], dialer });
    const { page, api } = rig;
    await expect.poll(() => rig!.dialer.problem(), { timeout: 10_000 }).toBeNull();
    const customer = stack.toneCustomer;
    const since = customer.events.length;
    const kamailioBefore = stack.logs().kamailio?.length ?? 0;
    const recordingsBefore = customer.heardRecordings().length;

    await rig.startCampaign();
    await rig.goReady();
    await expect(rig.console()).toHaveAttribute('data-state', 'CALL_IN_PROGRESS', { timeout: 30_000 });
    const inCall = page.getByTestId('in-call-panel');
    await expect(inCall.getByTestId('contact-name')).toHaveText(`Customer 1 (${NUMBERS.tone})`);
    await customer.waitForEvent('CALL_ESTABLISHED', { since });

    await expect.poll(() => operatorHears(page), { timeout: 15_000 }).toBeGreaterThan(0.02);
    await expect.poll(() => customer.heardSince(recordingsBefore), { timeout: 15_000 }).toBeGreaterThan(1);

    await inCall.getByRole('button', { name: /Hang up/ }).click();
    await customer.waitForEvent('CALL_CLOSED', { since });
    const acw = page.getByTestId('acw-panel');
    await expect(acw).toBeVisible({ timeout: 30_000 });
    await acw.getByRole('button', { name: /Complete/ }).click();
    await expect.poll(() => api.state(rig!.contactIds[0]!), { timeout: 15_000 }).toBe('SUCCESS');
    // Kamailio's own log: the dialer's ACK (the operator's answer to the customer) and its BYE came over it.
    const kamailio = (stack.logs().kamailio ?? '').slice(kamailioBefore);
    expect(kamailio).toMatch(new RegExp(`in-dialog ACK from ${transport}:`));
    expect(kamailio).toMatch(new RegExp(`in-dialog BYE from ${transport}:`));
  });
}

test('over UDP: a busy customer is rejected with 486 and scheduled again; the operator is never called', async ({
  stack,
  labBrowser,
  rendererDir,
}) => {
  rig = await startDialerRig(stack, labBrowser, rendererDir, {
    customers: [NUMBERS.busy],
    dialer: over(stack).udp,
    campaign: { retry: { maxAttempts: 3, delaySeconds: { rejected: 600, unreachable: 300 } } },
  });
  const { api, contactIds } = rig;
  await expect.poll(() => rig!.dialer.problem(), { timeout: 10_000 }).toBeNull();
  await rig.startCampaign();
  await rig.goReady();
  await expect.poll(() => api.state(contactIds[0]!), { timeout: 30_000 }).toBe('RETRY_SCHEDULED');
  const record = await api.contact(contactIds[0]!);
  expect(record.attemptHistory[0]).toMatchObject({ outcome: 'rejected', sipCode: 486 });
  await expect(rig.console()).not.toHaveAttribute('data-state', 'CALL_IN_PROGRESS');
});

for (const transport of ['tls', 'wss'] as const) {
  test(`over ${transport.toUpperCase()} without the lab's CA configured: the dialer refuses Kamailio's certificate and says why`, async ({
    stack,
  }) => {
    const { proxy, websocketPath } = { websocketPath: undefined, ...over(stack)[transport] };
    const dialer = new SipDialer({
      proxy,
      websocketPath,
      domain: DOMAIN,
      user: DIALER.user,
      password: DIALER.password,
    });
    try {
      const where = transport === 'tls' ? 'tls:127\\.0\\.0\\.1:\\d+' : 'wss://127\\.0\\.0\\.1:\\d+/ws';
      await expect(dialer.start()).rejects.toThrow(new RegExp(`cannot reach ${where}: .*certificate`, 'i'));
      expect(dialer.problem()).toMatch(/certificate/i);
      expect(dialer.health()).toMatchObject({
        registration: 'not_registered',
        problem: { code: 'dialer_pbx_error' },
      });
    } finally {
      await dialer.close();
    }
  });
}
