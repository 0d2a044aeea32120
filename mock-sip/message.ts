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

import { parseNameAddr } from './address';
import {
  canonicalHeaderName,
  header,
  listHeaders,
  parseCSeq,
  removeHeaders,
  setHeader,
  splitList,
} from './headers';

// Most of mock-sip reads a message with these; they are re-exported so one import serves it.
export { parseNameAddr, parseUri, parseVia, tagOf, type NameAddr, type SipUri, type Via } from './address';
export { header, headers, parseCSeq, removeHeaders, setHeader } from './headers';

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

export const reasonPhrases: Record<number, string> = {
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
