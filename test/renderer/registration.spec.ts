/**
 * Registration over a fake JsSIP socket (FakePbx): the retry schedule after a drop, the OS's "network back"
 * signal, and restarts that must not let a stopped user agent speak for the new one (issue 16, items 1 and 2).
 */
import { expect, test } from '@playwright/test';
import { defaultSettings, type Settings } from '../../core/settings';
import { Phone, RegistrationState, type SocketFactory } from '../../renderer/phone';
import { reconnectDelayMs, defaultReconnectPolicy } from '../../renderer/phone/reconnect';
import type { NetworkConnection, PageVisibility } from '../../renderer/phone/registration';
import type { KeepAliveTiming } from '../../renderer/phone/flow-keepalive';
import { installBrowserStandIns } from './fake-browser';
import { FakePbx } from './fake-pbx';

const browser = installBrowserStandIns();
test.afterAll(() => browser.uninstall());

function phoneOn(
  pbx: FakePbx,
  options: {
    reconnect?: { minSeconds: number; maxSeconds: number };
    connection?: NetworkConnection;
    visibility?: PageVisibility;
    keepAlive?: Partial<KeepAliveTiming>;
  } = {},
) {
  const settings: Settings = defaultSettings();
  settings.sip.websocketUrls = ['ws://127.0.0.1:1/ws'];
  settings.sip.uri = `sip:${pbx.user}@${pbx.domain}`;
  const network = new EventTarget();
  const phone = new Phone({
    settings,
    password: pbx.password,
    socketFactory: pbx.socketFactory as unknown as SocketFactory,
    reconnect: options.reconnect,
    network,
    connection: options.connection ?? null,
    visibility: options.visibility ?? null,
    keepAlive: options.keepAlive,
  });
  return { phone, network, settings };
}

async function registered(phone: Phone, timeout = 10_000) {
  await expect.poll(() => phone.registration.state, { timeout }).toBe(RegistrationState.Registered);
}

test.describe('retry schedule', () => {
  test('within the first minute every wait is 1–3 s, drawn at random (no fleet-wide stampede)', () => {
    const waits = Array.from({ length: 200 }, (_, i) => reconnectDelayMs(i * 300));
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(1000);
    expect(Math.max(...waits)).toBeLessThanOrEqual(3000);
    // Spread, not a fixed beat: two workstations that dropped together rarely retry together.
    expect(new Set(waits.map((w) => Math.round(w / 100))).size).toBeGreaterThan(10);
    expect(reconnectDelayMs(10_000, defaultReconnectPolicy, () => 0)).toBe(1000);
    expect(reconnectDelayMs(10_000, defaultReconnectPolicy, () => 0.999)).toBeLessThanOrEqual(3000);
  });

  test('a longer outage waits longer, still at random, never beyond 15 s', () => {
    expect(reconnectDelayMs(61_000, defaultReconnectPolicy, () => 0)).toBe(3000);
    expect(reconnectDelayMs(600_000, defaultReconnectPolicy, () => 0.999)).toBeLessThanOrEqual(15_000);
  });
});

test('a PBX down for 8 s is registered again within 3.5 s of its return', async () => {
  const pbx = new FakePbx();
  const { phone } = phoneOn(pbx);
  phone.start();
  await registered(phone);
  const url = pbx.current!.url;
  pbx.down.add(url);
  pbx.current?.drop();
  expect(phone.registration.state).toBe(RegistrationState.Reconnecting);
  await new Promise((r) => setTimeout(r, 8000));
  expect(phone.registration.state).not.toBe(RegistrationState.Registered);
  pbx.down.delete(url);
  const back = performance.now();
  await registered(phone, 5000);
  expect(performance.now() - back).toBeLessThan(3500);
  await phone.stop();
});

test('the OS reporting the network back retries at once instead of waiting', async () => {
  const pbx = new FakePbx();
  const { phone, network } = phoneOn(pbx, { reconnect: { minSeconds: 60, maxSeconds: 60 } });
  phone.start();
  await registered(phone);
  pbx.current?.drop();
  expect(phone.registration.state).toBe(RegistrationState.Reconnecting);
  await new Promise((r) => setTimeout(r, 300));
  expect(phone.registration.state).toBe(RegistrationState.Reconnecting);
  network.dispatchEvent(new Event('online'));
  await registered(phone, 2000);
  await phone.stop();
});

test('the OS saying the network is gone drops the socket at once; a new kind of network renews it', async () => {
  const pbx = new FakePbx();
  const connection = Object.assign(new EventTarget(), { type: 'wifi', effectiveType: '4g' });
  const { phone, network } = phoneOn(pbx, { reconnect: { minSeconds: 60, maxSeconds: 60 }, connection });
  phone.start();
  await registered(phone);
  // Gone: no waiting for TCP to notice (a live call starts its recovery from this status).
  network.dispatchEvent(new Event('offline'));
  expect(phone.registration.state).toBe(RegistrationState.Reconnecting);
  network.dispatchEvent(new Event('online'));
  await registered(phone, 2000);
  expect(phone.registration.reconnects).toBe(1);
  // A new bandwidth estimate on the same Wi-Fi is not a new network.
  connection.effectiveType = '3g';
  connection.dispatchEvent(new Event('change'));
  await new Promise((r) => setTimeout(r, 300));
  expect(phone.registration.reconnects).toBe(1);
  expect(phone.registration.state).toBe(RegistrationState.Registered);
  // Wi-Fi → Ethernet: the old socket may be dead without knowing it; a new one at once, registered again.
  connection.type = 'ethernet';
  connection.dispatchEvent(new Event('change'));
  await expect.poll(() => phone.registration.reconnects, { timeout: 2000 }).toBe(2);
  await registered(phone, 2000);
  await phone.stop();
});

test('two account saves 0.8 s apart end Registered, and stay so after the old sockets close', async () => {
  const pbx = new FakePbx();
  const { phone, settings } = phoneOn(pbx);
  phone.start();
  await registered(phone);
  const first = structuredClone(settings);
  first.sip.displayName = 'Operator A';
  const saving = phone.reconfigure(first, pbx.password);
  await new Promise((r) => setTimeout(r, 800));
  const second = structuredClone(settings);
  second.sip.displayName = 'Operator B';
  await Promise.all([saving, phone.reconfigure(second, pbx.password)]);
  await registered(phone);
  const seen: RegistrationState[] = [];
  phone.on('registration', (r) => seen.push(r.state));
  await new Promise((r) => setTimeout(r, 3000));
  expect(seen).toEqual([]);
  expect(phone.registration.state).toBe(RegistrationState.Registered);
  await phone.stop();
});

test.describe('a connection that dies without a FIN (flow-keepalive.ts)', () => {
  const quick = { intervalMs: 400, pongTimeoutMs: 300, probeTimeoutMs: 150 };

  test('a PBX that answered pings and goes silent is left for a new connection, and the phone registers again', async () => {
    const pbx = new FakePbx();
    pbx.answersPings = true;
    const { phone } = phoneOn(pbx, { reconnect: { minSeconds: 60, maxSeconds: 60 }, keepAlive: quick });
    phone.start();
    await registered(phone);
    await new Promise((r) => setTimeout(r, 100)); // the first ping is answered
    pbx.current!.silent = true;
    const registers = pbx.requestsOf('REGISTER').length;
    await expect.poll(() => phone.registration.reconnects, { timeout: 3000 }).toBe(1);
    await registered(phone, 2000);
    expect(pbx.requestsOf('REGISTER').length).toBeGreaterThan(registers);
    await phone.stop();
  });

  test('a PBX that never answers pings is never left for them', async () => {
    const pbx = new FakePbx();
    const { phone } = phoneOn(pbx, { keepAlive: quick });
    phone.start();
    await registered(phone);
    await new Promise((r) => setTimeout(r, 2000)); // some five pings, none answered
    expect(phone.registration.reconnects).toBe(0);
    expect(phone.registration.state).toBe(RegistrationState.Registered);
    await phone.stop();
  });

  test('the window becoming visible probes at once instead of waiting for the next ping', async () => {
    const pbx = new FakePbx();
    pbx.answersPings = true;
    const visibility = Object.assign(new EventTarget(), { visibilityState: 'hidden' });
    const { phone } = phoneOn(pbx, {
      reconnect: { minSeconds: 60, maxSeconds: 60 },
      visibility,
      keepAlive: { intervalMs: 600_000, probeTimeoutMs: 150 },
    });
    phone.start();
    await registered(phone);
    await new Promise((r) => setTimeout(r, 100));
    pbx.current!.silent = true; // asleep in the background while the network changed
    visibility.visibilityState = 'visible';
    visibility.dispatchEvent(new Event('visibilitychange'));
    await expect.poll(() => phone.registration.reconnects, { timeout: 1500 }).toBe(1);
    await registered(phone, 2000);
    await phone.stop();
  });
});
