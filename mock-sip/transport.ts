/**
 * The three ways SIP reaches us: WebSocket (RFC 7118, subprotocol `sip`), UDP and TCP (RFC 3261 18).
 * Each connection or remote address is a Flow; the server answers on the flow a request came in on, and
 * reaches a registered user on the flow it registered from (RFC 5626 style), which is what WebSocket needs.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { MAX_MESSAGE_BYTES } from './message';
import { StreamFramer } from './stream-framer';

export type TransportName = 'WS' | 'WSS' | 'UDP' | 'TCP';

export interface Flow {
  id: string;
  transport: TransportName;
  remoteAddress: string;
  remotePort: number;
  send(data: string): void;
  close(): void;
  closed: boolean;
  /**
   * Fault injection: the path to the peer vanishes without a FIN (a suspended laptop, a Wi-Fi change, a NAT that
   * forgot the mapping). The connection stays open, nothing more is read from it (not even a close) and nothing
   * is sent on it. Connection-oriented flows only.
   */
  blackhole?(): void;
}

export interface TransportEvents {
  onMessage(flow: Flow, data: Buffer): void;
  onFlowClosed(flow: Flow): void;
  onOversized(flow: Flow): void;
}

export interface TransportOptions {
  host: string;
  wsPort: number;
  udpPort: number;
  tcpPort: number;
  /** PEM certificate and key: with them the WebSocket listener is wss. */
  tls?: { cert: string; key: string };
}

export class Transports {
  private http?: HttpServer;
  private wss?: WebSocketServer;
  private udp?: UdpSocket;
  private tcp?: TcpServer;
  private readonly flows = new Map<string, Flow>();
  private nextId = 1;
  wsPort = 0;
  udpPort = 0;
  tcpPort = 0;
  secure = false;

  constructor(
    private readonly options: TransportOptions,
    private readonly events: TransportEvents,
  ) {}

  async start(): Promise<void> {
    const { host } = this.options;
    this.secure = Boolean(this.options.tls);
    this.http = this.options.tls ? createHttpsServer(this.options.tls) : createHttpServer();
    this.http.on('request', (_req, res) => {
      res
        .writeHead(426, { 'content-type': 'text/plain' })
        .end('mock-sip: connect with WebSocket, subprotocol sip\n');
    });
    this.wss = new WebSocketServer({
      server: this.http,
      maxPayload: MAX_MESSAGE_BYTES,
      // RFC 7118 4: the server must agree to the `sip` subprotocol; a client that does not ask is refused.
      handleProtocols: (protocols) => (protocols.has('sip') ? 'sip' : false),
    });
    this.wss.on('connection', (ws, req) => this.acceptWebSocket(ws, req.socket));
    await new Promise<void>((resolve, reject) => {
      this.http!.once('error', reject);
      this.http!.listen(this.options.wsPort, host, () => resolve());
    });
    this.wsPort = (this.http.address() as { port: number }).port;

    this.udp = createSocket('udp4');
    this.udp.on('message', (data, rinfo) => this.receiveDatagram(data, rinfo.address, rinfo.port));
    this.udp.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      this.udp!.once('error', reject);
      this.udp!.bind(this.options.udpPort, host, () => resolve());
    });
    this.udpPort = this.udp.address().port;
    // Many registrations and calls over UDP at once: keep the kernel from dropping bursts.
    try {
      this.udp.setRecvBufferSize(4 * 1024 * 1024);
      this.udp.setSendBufferSize(4 * 1024 * 1024);
    } catch {
      /* not allowed to grow: the default still works, just with less headroom */
    }

    this.tcp = createTcpServer((socket) => this.acceptTcp(socket));
    await new Promise<void>((resolve, reject) => {
      this.tcp!.once('error', reject);
      this.tcp!.listen(this.options.tcpPort, host, () => resolve());
    });
    this.tcpPort = (this.tcp.address() as { port: number }).port;
  }

  flow(id: string): Flow | undefined {
    return this.flows.get(id);
  }

  /** UDP has no connection: a flow is an address we can send to, made on demand. */
  udpFlow(address: string, port: number): Flow {
    const id = `udp:${address}:${port}`;
    let flow = this.flows.get(id);
    if (!flow) {
      const udp = this.udp!;
      flow = {
        id,
        transport: 'UDP',
        remoteAddress: address,
        remotePort: port,
        closed: false,
        send: (data) => udp.send(data, port, address),
        close: () => this.flows.delete(id),
      };
      this.flows.set(id, flow);
    }
    return flow;
  }

  private receiveDatagram(data: Buffer, address: string, port: number): void {
    const flow = this.udpFlow(address, port);
    // RFC 5626 4.4.2 uses STUN over UDP; a bare CRLF keep-alive just refreshes the NAT: nothing to answer.
    if (data.length <= 4 && data.toString().trim() === '') return;
    if (data.length > MAX_MESSAGE_BYTES) return this.events.onOversized(flow);
    this.events.onMessage(flow, data);
  }

  private acceptWebSocket(ws: WebSocket, socket: Socket): void {
    const id = `ws:${this.nextId++}`;
    const flow: Flow = {
      id,
      transport: this.secure ? 'WSS' : 'WS',
      remoteAddress: socket.remoteAddress ?? '127.0.0.1',
      remotePort: socket.remotePort ?? 0,
      closed: false,
      send: (data) => {
        if (!silenced && ws.readyState === ws.OPEN) ws.send(data);
      },
      close: () => ws.terminate(),
      blackhole: () => {
        silenced = true;
        // Not even a close frame or a FIN is read: the peer's goodbye is lost with the path.
        socket.pause();
      },
    };
    let silenced = false;
    this.flows.set(id, flow);
    ws.on('message', (data: Buffer, isBinary) => {
      void isBinary;
      const text = data;
      // RFC 7118 has no keep-alive of its own; JsSIP and others send RFC 5626 CRLF pings in text frames.
      if (silenced) return;
      const asText = text.toString();
      if (asText === '\r\n\r\n') return flow.send('\r\n');
      if (asText.trim() === '') return;
      this.events.onMessage(flow, text);
    });
    ws.on('error', (e: Error & { code?: string }) => {
      if (e.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') this.events.onOversized(flow);
    });
    ws.on('close', () => {
      flow.closed = true;
      this.flows.delete(id);
      this.events.onFlowClosed(flow);
    });
  }

  private acceptTcp(socket: Socket): void {
    const id = `tcp:${this.nextId++}`;
    socket.setNoDelay(true);
    const flow: Flow = {
      id,
      transport: 'TCP',
      remoteAddress: socket.remoteAddress ?? '127.0.0.1',
      remotePort: socket.remotePort ?? 0,
      closed: false,
      send: (data) => {
        if (!silenced && !socket.destroyed) socket.write(data);
      },
      close: () => socket.destroy(),
      blackhole: () => {
        silenced = true;
        socket.pause();
      },
    };
    let silenced = false;
    this.flows.set(id, flow);
    const framer = new StreamFramer(
      (data) => this.events.onMessage(flow, data),
      () => flow.send('\r\n'),
      () => {
        this.events.onOversized(flow);
        socket.destroy();
      },
    );
    socket.on('data', (chunk) => {
      if (!silenced) framer.push(chunk);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      flow.closed = true;
      this.flows.delete(id);
      this.events.onFlowClosed(flow);
    });
  }

  async stop(): Promise<void> {
    for (const flow of this.flows.values()) if (flow.transport !== 'UDP') flow.close();
    this.flows.clear();
    for (const client of this.wss?.clients ?? []) client.terminate();
    await new Promise<void>((resolve) => (this.wss ? this.wss.close(() => resolve()) : resolve()));
    this.http?.closeAllConnections();
    await new Promise<void>((resolve) => (this.http ? this.http.close(() => resolve()) : resolve()));
    await new Promise<void>((resolve) => (this.tcp ? this.tcp.close(() => resolve()) : resolve()));
    await new Promise<void>((resolve) => {
      if (!this.udp) return resolve();
      try {
        this.udp.close(() => resolve());
      } catch {
        resolve();
      }
    });
  }
}
