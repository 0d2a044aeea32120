/**
 * Is a lab daemon up yet, and are the lab's ports free: probes in each daemon's own protocol (rtpengine's ng
 * ping, SIP OPTIONS, a TCP connect), or the kernel's list of bound ports where a daemon answers nothing.
 */
import { createSocket } from 'node:dgram';
import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { DOMAIN } from './lab-accounts';
import { delay } from './daemons';
import { allPorts, type PortPlan } from './ports';

function udpRequest(
  port: number,
  message: Buffer,
  matches: (reply: Buffer) => boolean,
  timeoutMs = 500,
): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    const timer = setTimeout(() => finish(false), timeoutMs);
    function finish(ok: boolean) {
      clearTimeout(timer);
      socket.close();
      resolve(ok);
    }
    socket.on('message', (reply) => finish(matches(reply)));
    socket.on('error', () => finish(false));
    socket.send(message, port, DOMAIN);
  });
}

/** rtpengine's ng protocol: a cookie, then a bencoded dictionary. */
export function ngPing(port: number): Promise<boolean> {
  const cookie = `ping${process.pid}${Date.now()}`;
  return udpRequest(port, Buffer.from(`${cookie} d7:command4:pinge`), (r) =>
    r.toString().startsWith(`${cookie} d6:result4:ponge`),
  );
}

export function sipOptionsPing(port: number): Promise<boolean> {
  const branch = `z9hG4bK${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;
  const message = [
    `OPTIONS sip:${DOMAIN}:${port} SIP/2.0`,
    `Via: SIP/2.0/UDP ${DOMAIN}:9;branch=${branch};rport`,
    'Max-Forwards: 70',
    `From: <sip:probe@${DOMAIN}>;tag=${branch.slice(7)}`,
    `To: <sip:${DOMAIN}:${port}>`,
    `Call-ID: ${branch}@interop`,
    'CSeq: 1 OPTIONS',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  return udpRequest(port, Buffer.from(message), (r) => r.toString().startsWith('SIP/2.0 200'));
}

export function tcpOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, DOMAIN);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Local ports bound in this network namespace, from /proc/net (TCP: listening sockets only), IPv4 and IPv6:
 * linphone binds its SIP port dual-stack ([::]), which only /proc/net/udp6 lists.
 */
function boundPorts(proto: 'udp' | 'tcp'): Set<number> {
  const ports = new Set<number>();
  const tables = [`/proc/net/${proto}`, `/proc/net/${proto}6`].filter((f) => existsSync(f));
  const lines = tables.flatMap((f) => readFileSync(f, 'utf8').split('\n').slice(1));
  for (const line of lines) {
    const [, local, , state] = line.trim().split(/\s+/);
    if (!local || (proto === 'tcp' && state !== '0A')) continue;
    ports.add(parseInt(local.split(':')[1] ?? '', 16));
  }
  return ports;
}

/** Whether something has bound UDP `port` (sipp answers nothing we could probe). */
export async function udpBound(port: number): Promise<boolean> {
  return boundPorts('udp').has(port);
}

/**
 * A stack of the previous Playwright worker may still be shutting down when the next worker starts one: wait
 * for its ports rather than fail on "address in use".
 */
export async function waitForPortsFree(plan: PortPlan, timeoutMs = 15_000): Promise<void> {
  const wanted = allPorts(plan);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const udp = boundPorts('udp');
    const tcp = boundPorts('tcp');
    const busy = [
      ...wanted.udp.filter((p) => udp.has(p)).map((p) => `udp/${p}`),
      ...wanted.tcp.filter((p) => tcp.has(p)).map((p) => `tcp/${p}`),
    ];
    if (busy.length === 0) return;
    if (Date.now() > deadline) {
      throw new Error(
        `interop ports still in use after ${timeoutMs} ms: ${busy.join(', ')} (another stack running? \`npx tsx test/interop/stack.ts down\`)`,
      );
    }
    await delay(100);
  }
}
