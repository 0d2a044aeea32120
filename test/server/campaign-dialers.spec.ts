/**
 * Per-campaign dialer accounts (issue 11) on a real SIP connection: a campaign with its own account registers it
 * (its From user, its digest user) on its own connection, beside the server-wide account the other campaign uses;
 * a campaign whose own account the PBX refuses cannot start, with the same problem code as the server-wide dialer.
 * The PBX here is a small SIP registrar over TCP (mock-sip is not one); the calls themselves through Kamailio are
 * test/interop/dialer-*.spec.ts's.
 */
import { expect, test } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { CampaignDialers } from '../../server/dialer/campaign-dialers';
import { SipDialer } from '../../server/dialer/sip-dialer';
import { startCampaignServer, type CampaignServer } from '../../server/index';
import { Api } from './support';

test.describe.configure({ mode: 'default', timeout: 120_000 });

type Register = { from: string; authUser: string | null; port: number };

/** Answers REGISTER: 401 with a challenge, then 200, or 403 for the digest user `refused`. */
function registrar(seen: Register[]): Server {
  return createServer((socket: Socket) => {
    let buffer = '';
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buffer.slice(0, end);
        const length = Number(/\r\nContent-Length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
        if (buffer.length < end + 4 + length) return;
        buffer = buffer.slice(end + 4 + length);
        if (!head.startsWith('REGISTER ')) continue;
        const header = (name: string) =>
          head
            .split('\r\n')
            .filter((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`))
            .map((l) => l.slice(name.length + 1).trim());
        const authUser = /username="([^"]+)"/.exec(header('Authorization')[0] ?? '')?.[1] ?? null;
        seen.push({ from: /sip:([^@]+)@/.exec(header('From')[0]!)![1]!, authUser, port: socket.remotePort! });
        const status = !authUser ? '401 Unauthorized' : authUser === 'refused' ? '403 Forbidden' : '200 OK';
        const lines = [
          `SIP/2.0 ${status}`,
          ...header('Via').map((v) => `Via: ${v}`),
          `From: ${header('From')[0]}`,
          `To: ${header('To')[0]};tag=lab1`,
          `Call-ID: ${header('Call-ID')[0]}`,
          `CSeq: ${header('CSeq')[0]}`,
          ...(authUser
            ? []
            : [`WWW-Authenticate: Digest realm="lab.test", nonce="${randomBytes(8).toString('hex')}"`]),
          ...(status === '200 OK' ? [`Contact: ${header('Contact')[0]};expires=300`] : []),
          'Content-Length: 0',
        ];
        socket.write(lines.join('\r\n') + '\r\n\r\n');
      }
    });
  });
}

const key = randomBytes(32);
const savedKey = process.env.DIALDECK_SECRET_KEY;
let pbx: Server;
let server: CampaignServer;
let api: Api;
let dialers: CampaignDialers;
const seen: Register[] = [];

test.beforeAll(async () => {
  process.env.DIALDECK_SECRET_KEY = key.toString('base64');
  pbx = registrar(seen);
  await new Promise<void>((resolve) => pbx.listen(0, '127.0.0.1', () => resolve()));
  const port = (pbx.address() as { port: number }).port;
  dialers = new CampaignDialers(
    new SipDialer({
      proxy: `sip:127.0.0.1:${port};transport=tcp`,
      domain: 'lab.test',
      user: 'dialer',
      password: 'x',
    }),
  );
  server = await startCampaignServer({ database: { kind: 'pglite' }, dialer: dialers });
  api = new Api(server.url, server.adminToken);
});
test.afterAll(async () => {
  if (savedKey === undefined) delete process.env.DIALDECK_SECRET_KEY;
  else process.env.DIALDECK_SECRET_KEY = savedKey;
  await server?.stop();
  pbx?.close();
});

const contacts = [{ phone: '+442071002001' }];

async function campaign(name: string, dialer?: Record<string, string>): Promise<string> {
  const k = await api.ok<{ id: string }>('POST', '/campaigns', {
    name,
    mode: 'predictive',
    ...(dialer ? { dialer } : {}),
  });
  await api.ok('POST', `/campaigns/${k.id}/contacts`, { contacts });
  return k.id;
}

test("a campaign's own account registers on its own connection; another campaign keeps the server-wide one", async () => {
  await expect.poll(() => dialers.problem(), { timeout: 10_000 }).toBeNull();
  const serverWide = seen.find((r) => r.from === 'dialer' && r.authUser === 'dialer')!;
  expect(serverWide).toBeTruthy();

  const own = await campaign('Own account', { fromUser: 'sales2', authUser: 'auth2', password: 'p2' });
  const shared = await campaign('Server-wide account');
  await api.ok('POST', `/campaigns/${own}/start`);
  await api.ok('POST', `/campaigns/${shared}/start`);

  const ownRegister = seen.find((r) => r.from === 'sales2' && r.authUser === 'auth2');
  expect(ownRegister, JSON.stringify(seen)).toBeTruthy();
  expect(ownRegister!.port).not.toBe(serverWide.port);
  expect(dialers.ownAccounts()).toBe(1);
  // The server-wide account registered once: the second campaign did not make a connection of its own.
  expect(seen.filter((r) => r.from === 'dialer' && r.authUser).length).toBe(1);
  // A second campaign with the same account shares its connection.
  const same = await campaign('Same account', { fromUser: 'sales2', authUser: 'auth2', password: 'p2' });
  await api.ok('POST', `/campaigns/${same}/start`);
  expect(dialers.ownAccounts()).toBe(1);

  // The status API reports each campaign with its own account, beside the server-wide account.
  type Status = {
    registration: string;
    canDial: boolean;
    campaigns?: Array<{ campaignId: string; registration: string }>;
  };
  const status = await api.ok<Status>('GET', '/dialer/status');
  expect(status).toMatchObject({ registration: 'registered', canDial: true });
  expect(status.campaigns?.map((c) => c.campaignId).sort()).toEqual([own, same].sort());
  expect(status.campaigns?.every((c) => c.registration === 'registered')).toBe(true);
});

test("a campaign whose own account the PBX refuses cannot start, with the dialer's problem code", async () => {
  const refused = await campaign('Refused account', {
    fromUser: 'sales3',
    authUser: 'refused',
    password: 'bad',
  });
  const start = await api.call<{ error: string; code?: string }>('POST', `/campaigns/${refused}/start`);
  expect(start.status).toBe(409);
  expect(start.body.code).toBe('dialer_forbidden');
  const k = await api.ok<{ status: string }>('GET', `/campaigns/${refused}`);
  expect(k.status).toBe('DRAFT');
  // The server-wide account is untouched: a campaign without an account of its own still starts.
  expect(dialers.problem()).toBeNull();
  const fine = await campaign('Still fine');
  await api.ok('POST', `/campaigns/${fine}/start`);
});
