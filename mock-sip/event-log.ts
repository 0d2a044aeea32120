/**
 * mock-sip's event log: every SIP message in and out and every call event, numbered, kept in memory (the
 * control API's `/log`), appended as JSON lines to a file when asked, and emitted on `bus` for waiters.
 */
import { appendFileSync } from 'node:fs';
import { EventEmitter } from 'node:events';
import { header, parseCSeq, type SipMessage } from './message';
import type { Flow } from './transport';

export interface MockSipEvent {
  seq: number;
  at: string;
  type: string;
  callId?: string;
  [key: string]: unknown;
}

export class EventLog {
  readonly bus = new EventEmitter();
  private readonly kept: MockSipEvent[] = [];
  private seq = 0;

  constructor(
    private readonly options: {
      logFile?: string;
      /** How many events to keep in memory (oldest dropped first). */
      maxEvents?: number;
    },
  ) {
    this.bus.setMaxListeners(0);
  }

  log(event: Omit<MockSipEvent, 'seq' | 'at'>): MockSipEvent {
    const full = { seq: ++this.seq, at: new Date().toISOString(), ...event } as MockSipEvent;
    this.kept.push(full);
    const max = this.options.maxEvents ?? 100_000;
    if (this.kept.length > max) this.kept.splice(0, this.kept.length - max);
    if (this.options.logFile) {
      try {
        appendFileSync(this.options.logFile, JSON.stringify(full) + '\n');
      } catch {
        /* a log we cannot write must not stop the PBX */
      }
    }
    this.bus.emit('event', full);
    return full;
  }

  events(sinceSeq = 0): MockSipEvent[] {
    return sinceSeq ? this.kept.filter((e) => e.seq > sinceSeq) : [...this.kept];
  }

  sip(dir: 'in' | 'out', flow: Flow, message: SipMessage, raw: string): void {
    const cseq = header(message, 'CSeq');
    this.log({
      type: 'sip',
      dir,
      transport: flow.transport,
      flow: flow.id,
      remote: `${flow.remoteAddress}:${flow.remotePort}`,
      method: message.kind === 'request' ? message.method : parseCSeq(cseq ?? '')?.method,
      status: message.kind === 'response' ? message.status : undefined,
      sipCallId: header(message, 'Call-ID'),
      cseq,
      raw,
    });
  }
}
