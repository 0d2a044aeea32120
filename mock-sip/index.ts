/**
 * mock-sip as a library: start a simulated PBX on free loopback ports, drive it, stop it.
 * The stable public API for tests and tools: keep it backwards compatible (mock-sip/README.md).
 */
import { ControlApi } from './control';
import { loadScenarioFile, parseScenario, type Scenario, type ScenarioInput } from './scenario';
import { Pbx } from './pbx';
import type { CallInfo } from './calls';
import type { MockSipEvent } from './event-log';
import type { OriginateEvent } from './originate';
import type { Registration } from './registrar';
import type { MediaReport } from './media';

export type { CallInfo, MockSipEvent, OriginateEvent, Registration, MediaReport, Scenario, ScenarioInput };
export { ScenarioError, parseScenarioText, scenarioSchema } from './scenario';
export { wavRms, readWav } from './wav';

export interface MockSipOptions {
  /** A scenario object, or the path of a scenario JSON file. */
  scenario?: ScenarioInput | string;
  host?: string;
  wsPort?: number;
  udpPort?: number;
  tcpPort?: number;
  controlPort?: number;
  /** Append every event (SIP messages and call events) as JSON lines to this file. */
  logFile?: string;
  /** PEM certificate and key: the WebSocket listener becomes wss. */
  tls?: { cert: string; key: string };
  /** Where customers' recordings go (default: the OS temp dir, mock-sip-recordings/). */
  recordingDir?: string;
}

export interface MockSip {
  /** ws://127.0.0.1:PORT (wss:// with tls) */
  wsUrl: string;
  udpPort: number;
  tcpPort: number;
  /** http://127.0.0.1:PORT, the control API */
  controlUrl: string;
  domain: string;
  loadScenario(scenario: ScenarioInput | string): void;
  events(): MockSipEvent[];
  waitForEvent(predicate: (event: MockSipEvent) => boolean, timeoutMs?: number): Promise<MockSipEvent>;
  registrations(): Registration[];
  calls(): CallInfo[];
  /** By mock-sip call id or SIP Call-ID. */
  mediaReport(callId: string): (MediaReport & { callId: string; infoDtmf: string }) | undefined;
  /** The server itself, for what the summary above does not cover (originate, faults, hang up). */
  pbx: Pbx;
  stop(): Promise<void>;
}

function toScenario(input: ScenarioInput | string | undefined): Scenario {
  if (typeof input === 'string') return loadScenarioFile(input);
  return parseScenario(input ?? {});
}

export async function startMockSip(options: MockSipOptions = {}): Promise<MockSip> {
  const host = options.host ?? '127.0.0.1';
  const server = new Pbx(toScenario(options.scenario), {
    host,
    wsPort: options.wsPort ?? 0,
    udpPort: options.udpPort ?? 0,
    tcpPort: options.tcpPort ?? 0,
    tls: options.tls,
    logFile: options.logFile,
    recordingDir: options.recordingDir,
  });
  await server.start();
  const control = new ControlApi(server);
  try {
    await control.start(host, options.controlPort ?? 0);
  } catch (e) {
    await server.stop();
    throw e;
  }
  let stopped = false;
  return {
    wsUrl: `${options.tls ? 'wss' : 'ws'}://${host}:${server.transports.wsPort}`,
    udpPort: server.transports.udpPort,
    tcpPort: server.transports.tcpPort,
    controlUrl: control.url,
    get domain() {
      return server.domain;
    },
    loadScenario: (scenario) => server.loadScenario(toScenario(scenario)),
    events: () => server.events(),
    waitForEvent: (predicate, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const found = server.events().find(predicate);
        if (found) return resolve(found);
        const timer = setTimeout(() => {
          server.bus.off('event', listener);
          reject(new Error(`mock-sip: no matching event within ${timeoutMs} ms`));
        }, timeoutMs);
        const listener = (e: MockSipEvent) => {
          if (!predicate(e)) return;
          clearTimeout(timer);
          server.bus.off('event', listener);
          resolve(e);
        };
        server.bus.on('event', listener);
      }),
    registrations: () => server.registrations(),
    calls: () => server.callList(),
    mediaReport: (callId) => server.mediaReport(callId),
    pbx: server,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await control.stop();
      await server.stop();
    },
  };
}
