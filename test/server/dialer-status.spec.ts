/**
 * Bad dialer configuration is caught before a single call (issue 11, Build item 5): the dialer's status says why
 * as a problem code with the detail for IT (GET /api/v1/dialer/status), and starting a predictive campaign is
 * refused with the same code while its contacts stay untouched. A proxy that refuses the connection, a host name
 * that does not exist, a proxy that never answers, and a server with no dialer at all. (A PBX refusing the
 * dialer's password needs the real lab: test/interop/dialer-outcomes.spec.ts.)
 */
import { expect, test } from '@playwright/test';
import { createServer } from 'node:net';
import { DialerStatusSchema } from '../../core/dialer-status';
import { SipDialer } from '../../server/dialer/sip-dialer';
import { startCampaignServer, type CampaignServer } from '../../server/index';
import { Api } from './support';

const account = { user: 'dialer', password: 'secret' };

/** A loopback port that was just free: nothing listens there, so a connection is refused. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

async function predictiveCampaign(api: Api): Promise<{ id: string; contactId: string }> {
  const k = await api.ok<{ id: string }>('POST', '/campaigns', { name: 'Dialer check', mode: 'predictive' });
  await api.ok('POST', `/campaigns/${k.id}/contacts`, { contacts: [{ phone: '+442071002001' }] });
  const page = await api.ok<{ contacts: { id: string; state: string }[] }>(
    'GET',
    `/campaigns/${k.id}/contacts`,
  );
  return { id: k.id, contactId: page.contacts[0]!.id };
}

test.describe('a server whose SIP proxy refuses the connection', () => {
  let server: CampaignServer;
  let api: Api;
  let port: number;
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    port = await closedPort();
    server = await startCampaignServer({
      database: { kind: 'pglite' },
      dialer: new SipDialer({ ...account, proxy: `sip:127.0.0.1:${port};transport=tcp` }),
    });
    api = new Api(server.url, server.adminToken);
  });
  test.afterAll(async () => server?.stop());

  test('the status says the proxy refused, and a predictive start is refused with it: nothing is dialled', async () => {
    await expect
      .poll(async () => (await api.ok('GET', '/dialer/status')).problem, { timeout: 15_000 })
      .toMatchObject({ code: 'dialer_proxy_refused' });
    const status = DialerStatusSchema.parse(await api.ok('GET', '/dialer/status'));
    expect(status).toMatchObject({ dialer: 'sip', canDial: false, registration: 'not_registered' });
    expect(status.problem?.params?.detail).toContain(`tcp:127.0.0.1:${port}`);
    expect(status.problem?.params?.detail).toContain('ECONNREFUSED');

    const k = await predictiveCampaign(api);
    const refused = await api.call<{ code: string; error: string; params: { detail: string } }>(
      'POST',
      `/campaigns/${k.id}/start`,
    );
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('dialer_proxy_refused');
    expect(refused.body.params.detail).toContain('ECONNREFUSED');
    expect((await api.ok<{ status: string }>('GET', `/campaigns/${k.id}`)).status).toBe('DRAFT');
    const contact = await api.ok<{ state: string; attempts: unknown[] }>('GET', `/contacts/${k.contactId}`);
    expect(contact.state).toBe('INITIAL');
  });

  test('the status is in the OpenAPI document', async () => {
    const doc = await (await fetch(`${server.url}/api/v1/openapi.json`)).json();
    expect(Object.keys((doc as { paths: object }).paths)).toContain('/api/v1/dialer/status');
  });
});

test.describe('a server with no dialer', () => {
  let server: CampaignServer;
  let api: Api;
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    server = await startCampaignServer({ database: { kind: 'pglite' } });
    api = new Api(server.url, server.adminToken);
  });
  test.afterAll(async () => server?.stop());

  test('says it cannot dial, refuses a predictive start, and still starts a preview campaign', async () => {
    const status = DialerStatusSchema.parse(await api.ok('GET', '/dialer/status'));
    expect(status).toMatchObject({ dialer: 'none', canDial: false, problem: { code: 'dialer_none' } });
    const k = await predictiveCampaign(api);
    const refused = await api.call<{ code: string }>('POST', `/campaigns/${k.id}/start`);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('dialer_none');
    const preview = await api.ok<{ id: string }>('POST', '/campaigns', { name: 'Preview', mode: 'preview' });
    expect((await api.ok<{ status: string }>('POST', `/campaigns/${preview.id}/start`)).status).toBe(
      'RUNNING',
    );
  });
});

test('a proxy host name that does not exist is a problem of its own code', async () => {
  const dialer = new SipDialer({ ...account, proxy: 'sip:pbx.does-not-exist.invalid;transport=tcp' });
  await expect(dialer.start()).rejects.toThrow(/pbx\.does-not-exist\.invalid/);
  expect(dialer.health().problem).toMatchObject({ code: 'dialer_proxy_not_found' });
  await dialer.close();
});

test('a proxy that accepts the connection but never answers REGISTER: a timeout, by its code', async () => {
  const silent = createServer((socket) => socket.on('data', () => undefined));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
  const port = (silent.address() as { port: number }).port;
  const dialer = new SipDialer({ ...account, proxy: `sip:127.0.0.1:${port};transport=tcp` });
  await expect(dialer.start()).rejects.toThrow(/no answer to REGISTER/);
  expect(dialer.health()).toMatchObject({
    registration: 'not_registered',
    problem: { code: 'dialer_proxy_timeout' },
  });
  await dialer.close();
  silent.close();
});
