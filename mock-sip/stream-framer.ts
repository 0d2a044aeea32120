import { MAX_MESSAGE_BYTES } from './message';

/** Stream transports (TCP) deliver bytes, not messages: RFC 3261 18.3 frames them by Content-Length. */
export class StreamFramer {
  private buffer: Buffer = Buffer.alloc(0);
  constructor(
    private readonly onMessage: (data: Buffer) => void,
    private readonly onKeepAlive: () => void,
    private readonly onOversized: () => void,
  ) {}

  push(chunk: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    for (;;) {
      // RFC 5626 4.4.1: a double CRLF is a keep-alive ping, answered with one CRLF.
      if (this.buffer.subarray(0, 4).toString() === '\r\n\r\n') {
        this.buffer = this.buffer.subarray(4);
        this.onKeepAlive();
        continue;
      }
      if (this.buffer[0] === 13 && this.buffer[1] === 10) {
        if (this.buffer.length < 4) return;
        this.buffer = this.buffer.subarray(2);
        continue;
      }
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) {
        if (this.buffer.length > MAX_MESSAGE_BYTES) this.tooBig();
        return;
      }
      const head = this.buffer.subarray(0, end).toString('utf8');
      const m = /^(?:content-length|l)[ \t]*:[ \t]*(\d+)/im.exec(head);
      const length = m ? Number(m[1]) : 0;
      if (end + 4 + length > MAX_MESSAGE_BYTES) return this.tooBig();
      if (this.buffer.length < end + 4 + length) return;
      const message = this.buffer.subarray(0, end + 4 + length);
      this.buffer = this.buffer.subarray(end + 4 + length);
      this.onMessage(message);
    }
  }

  private tooBig(): void {
    this.buffer = Buffer.alloc(0);
    this.onOversized();
  }
}
