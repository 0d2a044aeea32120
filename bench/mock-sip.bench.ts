/**
 * mock-sip capacity: registrations/s, call attempts/s and concurrent calls held, under two loads side by side:
 * sipp over UDP, and stock JsSIP user agents over WebSocket (in this process; mock-sip runs as its own process
 * via its CLI so the load generator does not share its event loop). Then tens of calls with real media
 * (werift callers against mock-sip's werift customers) with mock-sip's CPU use.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { MediaPeer } from '../mock-sip/media';
import { call, nodePhone, type NodePhone } from '../test/mock-sip/jssip-node';

const domain = 'mock.dialdeck.test';
const USERS = 300;

interface Running {
  child: ChildProcess;
  ws: string;
  udp: number;
  control: string;
}

async function startCli(scenario: object): Promise<Running> {
  const dir = mkdtempSync(join(tmpdir(), 'mock-sip-bench-'));
  const file = join(dir, 'scenario.json');
  writeFileSync(file, JSON.stringify(scenario));
  // node --import tsx (not npx): one process, so SIGTERM reaches mock-sip itself and it exits cleanly.
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'mock-sip/cli.ts',
      '--scenario',
      file,
      '--ws-port',
      '0',
      '--udp-port',
      '0',
      '--tcp-port',
      '0',
      '--control-port',
      '0',
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const line = await new Promise<string>((resolve) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
  });
  const info = JSON.parse(line) as { ws: string; udp: number; control: string };
  return { child, ...info };
}

async function stopCli(r: Running): Promise<void> {
  const done = new Promise((resolve) => r.child.once('exit', resolve));
  r.child.kill('SIGTERM');
  await done;
}

/** CPU seconds used by a process and its children so far. */
function cpuSeconds(pid: number): number {
  // Sum over the process tree, since npx and tsx wrap the real node process.
  let total = 0;
  const walk = (p: number) => {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]!.split(' ');
      total += (Number(stat[11]) + Number(stat[12])) / 100;
      const children = readFileSync(`/proc/${p}/task/${p}/children`, 'utf8')
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map(Number);
      for (const c of children) walk(c);
    } catch {
      /* gone */
    }
  };
  walk(pid);
  return total;
}

function sipp(args: string[]): Promise<{ code: number | null; ms: number; output: string }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(
      'sipp',
      ['-i', '127.0.0.1', '-p', '0', '-t', 'u1', '-nostdin', '-timeout', '120s', ...args],
      { cwd: mkdtempSync(join(tmpdir(), 'sipp-')) },
    );
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => resolve({ code, ms: performance.now() - started, output }));
  });
}

async function calls(r: Running): Promise<{ state: string; to: string }[]> {
  return (await (await fetch(`${r.control}/calls`)).json()) as { state: string; to: string }[];
}

const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));

async function registrations(): Promise<void> {
  // sipp: distinct users, no challenge (openRegistration), as fast as it goes.
  const open = await startCli({ domain, openRegistration: true });
  const n = 3000;
  const r = await sipp([
    `127.0.0.1:${open.udp}`,
    '-sf',
    join(process.cwd(), 'mock-sip/sipp/register-many.xml'),
    '-m',
    String(n),
    '-r',
    '3000',
    '-l',
    '500',
  ]);
  const regs = ((await (await fetch(`${open.control}/registrations`)).json()) as unknown[]).length;
  console.log(
    `registrations/s  sipp UDP (no auth)      ${fmt((n / r.ms) * 1000)}/s   (${regs} of ${n} registered, exit ${r.code})`,
  );
  await stopCli(open);

  // JsSIP over WebSocket, each with its own socket and a digest challenge.
  const users = Array.from({ length: USERS }, (_, i) => ({ user: `u${i}`, password: `p${i}` }));
  const auth = await startCli({ domain, users });
  const started = performance.now();
  const phones = users.map((u) => nodePhone({ wsUrl: auth.ws, user: u.user, password: u.password, domain }));
  await Promise.all(phones.map((p) => p.registered));
  const ms = performance.now() - started;
  console.log(
    `registrations/s  JsSIP WS (digest)       ${fmt((USERS / ms) * 1000)}/s   (${USERS} UAs, socket + REGISTER + 401 + REGISTER)`,
  );
  await Promise.all(phones.map((p) => p.stop()));
  await stopCli(auth);
}

async function callAttempts(): Promise<void> {
  const scenario = {
    domain,
    users: Array.from({ length: 50 }, (_, i) => ({ user: `u${i}`, password: 'p' })),
    defaultCustomer: { action: 'answer' },
  };
  const pbx = await startCli(scenario);
  const n = 1000;
  const r = await sipp([
    `127.0.0.1:${pbx.udp}`,
    '-sn',
    'uac',
    '-s',
    '+1',
    '-m',
    String(n),
    '-r',
    '400',
    '-l',
    '400',
    '-d',
    '0',
  ]);
  console.log(
    `call attempts/s  sipp UDP uac            ${fmt((n / r.ms) * 1000)}/s   (INVITE/200/ACK/BYE, ${n} calls, exit ${r.code})`,
  );
  await stopCli(pbx);

  const pbx2 = await startCli(scenario);
  const phones = scenario.users.map((u) =>
    nodePhone({ wsUrl: pbx2.ws, user: u.user, password: 'p', domain }),
  );
  await Promise.all(phones.map((p) => p.registered));
  const perPhone = 10;
  const started = performance.now();
  await Promise.all(
    phones.map(async (p) => {
      for (let i = 0; i < perPhone; i++) {
        const c = call(p, '+1', domain);
        await c.confirmed;
        c.session.terminate();
        await c.ended;
      }
    }),
  );
  const ms = performance.now() - started;
  console.log(
    `call attempts/s  JsSIP WS                ${fmt(((phones.length * perPhone) / ms) * 1000)}/s   (${phones.length} UAs × ${perPhone} calls, answer + BYE)`,
  );
  await Promise.all(phones.map((p) => p.stop()));
  await stopCli(pbx2);
}

async function heldCalls(): Promise<void> {
  const scenario = {
    domain,
    users: Array.from({ length: USERS }, (_, i) => ({ user: `u${i}`, password: 'p' })),
    defaultCustomer: { action: 'answer' },
  };
  const pbx = await startCli(scenario);
  const n = 500;
  const before = cpuSeconds(pbx.child.pid!);
  const run = sipp([
    `127.0.0.1:${pbx.udp}`,
    '-sn',
    'uac',
    '-s',
    '+1',
    '-m',
    String(n),
    '-l',
    String(n),
    '-r',
    '250',
    '-d',
    '15000',
  ]);
  const started = performance.now();
  let peak = 0;
  while (performance.now() - started < 14_000) {
    const answered = (await calls(pbx)).filter((c) => c.state === 'answered').length;
    peak = Math.max(peak, answered);
    if (peak >= n) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const reached = performance.now() - started;
  const r = await run;
  console.log(
    `concurrent held  sipp UDP                ${peak} of ${n} held at once (all up after ${fmt(reached / 1000)} s; exit ${r.code}; mock-sip CPU ${fmt(cpuSeconds(pbx.child.pid!) - before)} s)`,
  );
  await stopCli(pbx);

  const pbx2 = await startCli(scenario);
  const phones: NodePhone[] = scenario.users.map((u) =>
    nodePhone({ wsUrl: pbx2.ws, user: u.user, password: 'p', domain }),
  );
  await Promise.all(phones.map((p) => p.registered));
  const t0 = performance.now();
  const ongoing = phones.map((p) => call(p, '+1', domain));
  await Promise.all(ongoing.map((c) => c.confirmed));
  const up = performance.now() - t0;
  const answered = (await calls(pbx2)).filter((c) => c.state === 'answered').length;
  console.log(
    `concurrent held  JsSIP WS                ${answered} of ${USERS} held at once (all confirmed after ${fmt(up / 1000)} s)`,
  );
  for (const c of ongoing) c.session.terminate();
  await Promise.all(phones.map((p) => p.stop()));
  await stopCli(pbx2);
}

/** One call with real media: a werift caller sends a tone to a werift customer over SIP/WebSocket. */
async function mediaCall(wsUrl: string, i: number): Promise<{ peer: MediaPeer; ws: WebSocket }> {
  const peer = new MediaPeer({ play: { tone: 600 }, record: false, label: `bench-${i}` });
  const sdp = await peer.offer();
  const ws = new WebSocket(wsUrl, 'sip');
  await new Promise((r) => ws.once('open', r));
  const callId = randomBytes(8).toString('hex');
  const branch = `z9hG4bK${randomBytes(6).toString('hex')}`;
  const head = (method: string, cseq: number, extra: string[] = [], toTag = '') =>
    [
      `${method} sip:+1@${domain} SIP/2.0`,
      `Via: SIP/2.0/WS bench.invalid;branch=${method === 'ACK' ? `z9hG4bK${randomBytes(6).toString('hex')}` : branch}`,
      'Max-Forwards: 70',
      `From: <sip:bench${i}@${domain}>;tag=b${i}`,
      `To: <sip:+1@${domain}>${toTag}`,
      `Call-ID: ${callId}`,
      `CSeq: ${cseq} ${method}`,
      `Contact: <sip:bench${i}@bench.invalid;transport=ws>`,
      ...extra,
    ].join('\r\n');
  const answered = new Promise<string>((resolve) =>
    ws.on('message', (d) => {
      const t = d.toString();
      if (/^SIP\/2\.0 200/.test(t)) resolve(t);
    }),
  );
  ws.send(
    `${head('INVITE', 1, ['Content-Type: application/sdp', `Content-Length: ${Buffer.byteLength(sdp)}`])}\r\n\r\n${sdp}`,
  );
  const ok = await answered;
  const toTag = /^To: .*(;tag=[^;\s]+)/m.exec(ok)?.[1] ?? '';
  ws.send(`${head('ACK', 1, ['Content-Length: 0'], toTag)}\r\n\r\n`);
  await peer.accept(ok.split('\r\n\r\n')[1]!);
  return { peer, ws };
}

export async function mediaCalls(): Promise<void> {
  const n = 20;
  const pbx = await startCli({
    domain,
    defaultCustomer: { action: 'answer', media: { play: { tone: 440 }, record: true } },
  });
  const legs = [];
  for (let i = 0; i < n; i++) legs.push(await mediaCall(pbx.ws, i));
  await new Promise((r) => setTimeout(r, 3000));
  const before = cpuSeconds(pbx.child.pid!);
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, 10_000));
  const cpu = (cpuSeconds(pbx.child.pid!) - before) / ((performance.now() - t0) / 1000);
  const list = (await (await fetch(`${pbx.control}/calls`)).json()) as { id: string }[];
  let withAudio = 0;
  const ice: Record<string, number> = {};
  for (const c of list) {
    const report = (await (await fetch(`${pbx.control}/calls/${c.id}/media`)).json()) as {
      recentRms: number;
      iceState: string;
      dtlsState: string;
    };
    if (report.recentRms > 0.05) withAudio++;
    const key = `${report.iceState}/${report.dtlsState}/${report.recentRms > 0.05 ? 'audio' : 'silent'}`;
    ice[key] = (ice[key] ?? 0) + 1;
  }
  const heard = legs.filter((l) => l.peer.report().recentRms > 0.05).length;
  console.log(
    `concurrent media werift↔werift         ${n} calls; audio at mock-sip in ${withAudio}, at callers in ${heard}; mock-sip CPU ${(cpu * 100).toFixed(0)}% of one core; ice/dtls/audio ${JSON.stringify(ice)}`,
  );
  for (const l of legs) {
    l.ws.close();
    await l.peer.stop();
  }
  await stopCli(pbx);
}

export default async function (): Promise<void> {
  await registrations();
  await callAttempts();
  await heldCalls();
  await mediaCalls();
}
