/**
 * SIP messages per RFC 3261 section 7: parsing, checks named after the RFC sections they enforce, serialising.
 * Parsing never throws: a message we cannot accept comes back as a failure with enough of the message (if any)
 * to answer 400, so a bad peer can never crash or wedge the server.
 */

export interface Header {
  name: string;
  value: string;
}

export interface SipRequest {
  kind: 'request';
  method: string;
  uri: string;
  headers: Header[];
  body: string;
}

export interface SipResponse {
  kind: 'response';
  status: number;
  reason: string;
  headers: Header[];
  body: string;
}

export type SipMessage = SipRequest | SipResponse;

export type ParseResult =
  | { ok: true; message: SipMessage }
  | {
      ok: false;
      reason: string;
      /** the request, when it got far enough to be answered with 400 */ request?: SipRequest;
    };

/** Refuse anything larger: a SIP message over UDP must fit a datagram and nothing we exchange comes close. */
export const MAX_MESSAGE_BYTES = 65_535;

/** RFC 3261 7.3.3 compact forms (plus the RFC 3265/3515 ones JsSIP and sipp send). */
const compactForms: Record<string, string> = {
  i: 'Call-ID',
  m: 'Contact',
  e: 'Content-Encoding',
  l: 'Content-Length',
  c: 'Content-Type',
  f: 'From',
  s: 'Subject',
  k: 'Supported',
  t: 'To',
  v: 'Via',
  o: 'Event',
  u: 'Allow-Events',
  r: 'Refer-To',
  b: 'Referred-By',
  x: 'Session-Expires',
};

const canonicalNames: Record<string, string> = {
  'call-id': 'Call-ID',
  cseq: 'CSeq',
  'www-authenticate': 'WWW-Authenticate',
  'proxy-authenticate': 'Proxy-Authenticate',
  'min-se': 'Min-SE',
  'max-forwards': 'Max-Forwards',
  'mime-version': 'MIME-Version',
};

/** RFC 3261 7.3.1: header field names are case-insensitive; we keep one spelling so lookups are simple. */
function canonicalHeaderName(raw: string): string {
  const lower = raw.trim().toLowerCase();
  const compact = compactForms[lower];
  if (compact) return compact;
  const known = canonicalNames[lower];
  if (known) return known;
  return lower.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
}

/** Headers whose values may be comma-separated lists (RFC 3261 7.3.1); others keep commas as they are. */
const listHeaders = new Set(['Via', 'Route', 'Record-Route', 'Contact', 'Allow', 'Supported', 'Require']);

/** Splits at commas that are not inside quotes or angle brackets (RFC 3261 7.3.1, 25.1). */
function splitList(value: string): string[] {
  const out: string[] = [];
  let depthAngle = 0;
  let inQuote = false;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === '"' && value[i - 1] !== '\\') inQuote = !inQuote;
    else if (!inQuote && ch === '<') depthAngle++;
    else if (!inQuote && ch === '>') depthAngle = Math.max(0, depthAngle - 1);
    else if (!inQuote && depthAngle === 0 && ch === ',') {
      out.push(value.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(value.slice(start).trim());
  return out.filter((v) => v.length > 0);
}

const token = /^[A-Za-z0-9\-.!%*_+`'~]+$/;

/** Parses one complete message (head and body) as received in a datagram or a WebSocket frame. */
export function parseMessage(data: string | Buffer): ParseResult {
  const size = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
  if (size > MAX_MESSAGE_BYTES)
    return { ok: false, reason: `message of ${size} bytes exceeds ${MAX_MESSAGE_BYTES}` };
  const text = typeof data === 'string' ? data : data.toString('utf8');
  // RFC 3261 7.5: implementations should ignore CRLFs before the start-line.
  const trimmed = text.replace(/^(\r?\n)+/, '');
  let headEnd = trimmed.indexOf('\r\n\r\n');
  let sepLength = 4;
  if (headEnd < 0) {
    // Tolerate bare LF line ends (RFC 3261 7: CRLF, but be liberal in what we accept).
    headEnd = trimmed.indexOf('\n\n');
    sepLength = 2;
  }
  if (headEnd < 0) {
    // A message without a body may still end right after its last header.
    headEnd = trimmed.length;
    sepLength = 0;
  }
  const head = trimmed.slice(0, headEnd);
  const rawBody = trimmed.slice(headEnd + sepLength);
  const lines = head.split(/\r?\n/);
  const startLine = lines.shift() ?? '';

  // RFC 3261 7.3.1: a line starting with whitespace continues the previous header (folding).
  const unfolded: string[] = [];
  for (const line of lines) {
    if (/^[ \t]/.test(line) && unfolded.length > 0) unfolded[unfolded.length - 1] += ' ' + line.trim();
    else unfolded.push(line);
  }
  const headers: Header[] = [];
  let headerError: string | undefined;
  for (const line of unfolded) {
    if (line.length === 0) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) {
      headerError = `rfc3261 7.3.1: header line without a name and colon: ${JSON.stringify(line.slice(0, 60))}`;
      continue;
    }
    const rawName = line.slice(0, colon).trim();
    if (!token.test(rawName)) {
      headerError = `rfc3261 7.3.1: header name is not a token: ${JSON.stringify(rawName.slice(0, 60))}`;
      continue;
    }
    const name = canonicalHeaderName(rawName);
    const value = line.slice(colon + 1).trim();
    if (listHeaders.has(name)) for (const v of splitList(value)) headers.push({ name, value: v });
    else headers.push({ name, value });
  }

  // RFC 3261 7.1 / 7.2: start-lines.
  const requestLine = /^([A-Za-z0-9\-.!%*_+`'~]+) (\S+) SIP\/2\.0$/.exec(startLine);
  const statusLine = /^SIP\/2\.0 (\d{3}) ?(.*)$/.exec(startLine);
  if (!requestLine && !statusLine) {
    if (/^[A-Z]+ \S+ SIP\/\d+\.\d+$/.test(startLine))
      return {
        ok: false,
        reason: 'rfc3261 7.1: unsupported SIP version',
        request: partial(startLine, headers),
      };
    return {
      ok: false,
      reason: `rfc3261 7.1: not a SIP start-line: ${JSON.stringify(startLine.slice(0, 80))}`,
    };
  }

  let message: SipMessage;
  if (requestLine) {
    message = { kind: 'request', method: requestLine[1]!, uri: requestLine[2]!, headers, body: '' };
    if (!/^(sips?|tel):/i.test(message.uri))
      return fail(message, `rfc3261 19.1.1: Request-URI is not a SIP URI: ${message.uri.slice(0, 80)}`);
  } else {
    const status = Number(statusLine![1]);
    if (status < 100 || status > 699)
      return { ok: false, reason: `rfc3261 7.2: status code ${status} out of range` };
    message = { kind: 'response', status, reason: statusLine![2] ?? '', headers, body: '' };
  }
  if (headerError) return fail(message, headerError);

  // RFC 3261 20.14 / 18.3: Content-Length frames the body; a shorter body is an error, extra bytes are dropped.
  const lengthHeader = header(message, 'Content-Length');
  const bodyBytes = Buffer.from(rawBody, 'utf8');
  if (lengthHeader !== undefined) {
    if (!/^\d+$/.test(lengthHeader)) return fail(message, 'rfc3261 20.14: Content-Length is not a number');
    const length = Number(lengthHeader);
    if (length > bodyBytes.length)
      return fail(
        message,
        `rfc3261 18.3: body shorter (${bodyBytes.length}) than Content-Length (${length})`,
      );
    message.body = bodyBytes.subarray(0, length).toString('utf8');
  } else {
    message.body = rawBody;
  }

  const missing = checkMandatory(message);
  if (missing) return fail(message, missing);
  return { ok: true, message };
}

function partial(startLine: string, headers: Header[]): SipRequest {
  const [method = 'UNKNOWN', uri = ''] = startLine.split(' ');
  return { kind: 'request', method, uri, headers, body: '' };
}

function fail(message: SipMessage, reason: string): ParseResult {
  return { ok: false, reason, request: message.kind === 'request' ? message : undefined };
}

/** RFC 3261 8.1.1: the headers every request must carry; 8.1.1.5: CSeq method matches the request method. */
function checkMandatory(message: SipMessage): string | undefined {
  for (const name of ['Via', 'From', 'To', 'Call-ID', 'CSeq']) {
    if (header(message, name) === undefined) return `rfc3261 8.1.1: missing ${name}`;
  }
  const cseq = parseCSeq(header(message, 'CSeq')!);
  if (!cseq) return 'rfc3261 8.1.1.5: malformed CSeq';
  if (message.kind === 'request') {
    if (cseq.method !== message.method && !(message.method === 'ACK' && cseq.method === 'ACK'))
      return `rfc3261 8.1.1.5: CSeq method ${cseq.method} does not match ${message.method}`;
    const mf = header(message, 'Max-Forwards');
    if (mf !== undefined && !/^\d{1,3}$/.test(mf)) return 'rfc3261 8.1.1.6: malformed Max-Forwards';
    if (!/^SIP\/2\.0\/[A-Za-z]+ \S+/.test(header(message, 'Via')!)) return 'rfc3261 20.42: malformed Via';
  }
  const from = parseNameAddr(header(message, 'From')!);
  const to = parseNameAddr(header(message, 'To')!);
  if (!from || !to) return 'rfc3261 20.20/20.39: malformed From or To';
  return undefined;
}

export function header(message: SipMessage, name: string): string | undefined {
  const wanted = canonicalHeaderName(name);
  return message.headers.find((h) => h.name === wanted)?.value;
}

export function headers(message: SipMessage, name: string): string[] {
  const wanted = canonicalHeaderName(name);
  return message.headers.filter((h) => h.name === wanted).map((h) => h.value);
}

export function setHeader(message: SipMessage, name: string, value: string): void {
  const wanted = canonicalHeaderName(name);
  const i = message.headers.findIndex((h) => h.name === wanted);
  if (i >= 0) {
    message.headers[i] = { name: wanted, value };
    message.headers = message.headers.filter((h, j) => j <= i || h.name !== wanted);
  } else message.headers.push({ name: wanted, value });
}

export function removeHeaders(message: SipMessage, name: string): void {
  const wanted = canonicalHeaderName(name);
  message.headers = message.headers.filter((h) => h.name !== wanted);
}

export function parseCSeq(value: string): { seq: number; method: string } | undefined {
  const m = /^(\d{1,10})\s+([A-Za-z0-9\-.!%*_+`'~]+)$/.exec(value.trim());
  if (!m) return undefined;
  return { seq: Number(m[1]), method: m[2]!.toUpperCase() === m[2] ? m[2]! : m[2]! };
}

export interface SipUri {
  scheme: string;
  user?: string;
  password?: string;
  host: string;
  port?: number;
  params: Record<string, string>;
}

/** RFC 3261 19.1.1 SIP URI, enough of it for routing: scheme, user, host, port, parameters. */
export function parseUri(text: string): SipUri | undefined {
  const m =
    /^(sips?|tel):(?:([^:@;?]+)(?::([^@;?]*))?@)?(\[[^\]]+\]|[^:;?>]+)(?::(\d{1,5}))?((?:;[^;?]*)*)(?:\?.*)?$/i.exec(
      text.trim(),
    );
  if (!m) return undefined;
  const params: Record<string, string> = {};
  for (const p of (m[6] ?? '').split(';').filter(Boolean)) {
    const eq = p.indexOf('=');
    params[(eq < 0 ? p : p.slice(0, eq)).toLowerCase()] = eq < 0 ? '' : p.slice(eq + 1);
  }
  if (m[1]!.toLowerCase() === 'tel') return { scheme: 'tel', user: m[4], host: '', params };
  return {
    scheme: m[1]!.toLowerCase(),
    user: m[2] ? decodeURIComponent(m[2]) : undefined,
    password: m[3],
    host: m[4]!.toLowerCase(),
    port: m[5] ? Number(m[5]) : undefined,
    params,
  };
}

export interface NameAddr {
  display?: string;
  uri: string;
  params: Record<string, string>;
}

/** RFC 3261 20.10/20.20: `"Display" <uri>;params` or a bare addr-spec whose parameters belong to the header. */
export function parseNameAddr(value: string): NameAddr | undefined {
  const v = value.trim();
  let display: string | undefined;
  let uri: string;
  let rest: string;
  const angle = v.indexOf('<');
  if (angle >= 0) {
    const close = v.indexOf('>', angle);
    if (close < 0) return undefined;
    display = v.slice(0, angle).trim().replace(/^"|"$/g, '') || undefined;
    uri = v.slice(angle + 1, close).trim();
    rest = v.slice(close + 1);
  } else {
    const semi = v.indexOf(';');
    uri = semi < 0 ? v : v.slice(0, semi);
    rest = semi < 0 ? '' : v.slice(semi);
  }
  if (uri !== '*' && !/^(sips?|tel):/i.test(uri)) return undefined;
  const params: Record<string, string> = {};
  for (const p of rest
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const eq = p.indexOf('=');
    params[(eq < 0 ? p : p.slice(0, eq)).toLowerCase()] = eq < 0 ? '' : p.slice(eq + 1).replace(/^"|"$/g, '');
  }
  return { display, uri, params };
}

export interface Via {
  transport: string;
  host: string;
  port?: number;
  params: Record<string, string>;
}

export function parseVia(value: string): Via | undefined {
  const m = /^SIP\s*\/\s*2\.0\s*\/\s*([A-Za-z]+)\s+(\[[^\]]+\]|[^:;\s]+)(?::(\d+))?\s*((?:;.*)?)$/.exec(
    value.trim(),
  );
  if (!m) return undefined;
  const params: Record<string, string> = {};
  for (const p of (m[4] ?? '')
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const eq = p.indexOf('=');
    params[(eq < 0 ? p : p.slice(0, eq)).toLowerCase()] = eq < 0 ? '' : p.slice(eq + 1);
  }
  return { transport: m[1]!.toUpperCase(), host: m[2]!, port: m[3] ? Number(m[3]) : undefined, params };
}

export function serialize(message: SipMessage): string {
  const start =
    message.kind === 'request'
      ? `${message.method} ${message.uri} SIP/2.0`
      : `SIP/2.0 ${message.status} ${message.reason}`;
  const lines = [start];
  for (const h of message.headers) if (h.name !== 'Content-Length') lines.push(`${h.name}: ${h.value}`);
  lines.push(`Content-Length: ${Buffer.byteLength(message.body, 'utf8')}`);
  return lines.join('\r\n') + '\r\n\r\n' + message.body;
}

const reasonPhrases: Record<number, string> = {
  100: 'Trying',
  180: 'Ringing',
  183: 'Session Progress',
  200: 'OK',
  202: 'Accepted',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  407: 'Proxy Authentication Required',
  408: 'Request Timeout',
  413: 'Request Entity Too Large',
  420: 'Bad Extension',
  422: 'Session Interval Too Small',
  423: 'Interval Too Brief',
  480: 'Temporarily Unavailable',
  481: 'Call/Transaction Does Not Exist',
  483: 'Too Many Hops',
  486: 'Busy Here',
  487: 'Request Terminated',
  488: 'Not Acceptable Here',
  491: 'Request Pending',
  500: 'Server Internal Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
  603: 'Decline',
};

/** RFC 3261 8.2.6.2: a response copies Via, From, To, Call-ID and CSeq; the To tag is added by the UAS. */
export function makeResponse(
  request: SipRequest,
  status: number,
  options: { reason?: string; toTag?: string; headers?: Header[]; body?: string } = {},
): SipResponse {
  const copied = request.headers.filter((h) =>
    ['Via', 'From', 'To', 'Call-ID', 'CSeq', 'Record-Route'].includes(h.name),
  );
  const response: SipResponse = {
    kind: 'response',
    status,
    reason: options.reason ?? reasonPhrases[status] ?? 'Unknown',
    headers: copied.map((h) => ({ ...h })),
    body: options.body ?? '',
  };
  if (status === 100) removeHeaders(response, 'Record-Route');
  const to = header(request, 'To');
  if (options.toTag && to && !/;\s*tag=/i.test(to)) setHeader(response, 'To', `${to};tag=${options.toTag}`);
  for (const h of options.headers ?? []) response.headers.push(h);
  return response;
}

export function tagOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  return parseNameAddr(value)?.params.tag;
}

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
