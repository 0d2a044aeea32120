import { expect, test } from '@playwright/test';
import {
  MAX_MESSAGE_BYTES,
  header,
  headers,
  makeResponse,
  parseMessage,
  parseNameAddr,
  parseUri,
  serialize,
  type SipRequest,
} from '../../mock-sip/message';
import { StreamFramer } from '../../mock-sip/stream-framer';

const crlf = (lines: string[]) => lines.join('\r\n');

const invite = crlf([
  'INVITE sip:bob@biloxi.example.com SIP/2.0',
  'Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds',
  'Max-Forwards: 70',
  'To: Bob <sip:bob@biloxi.example.com>',
  'From: Alice <sip:alice@atlanta.example.com>;tag=1928301774',
  'Call-ID: a84b4c76e66710@pc33.atlanta.example.com',
  'CSeq: 314159 INVITE',
  'Contact: <sip:alice@pc33.atlanta.example.com>',
  'Content-Type: application/sdp',
  'Content-Length: 5',
  '',
  'v=0\r\n',
]);

function ok(text: string) {
  const r = parseMessage(text);
  if (!r.ok) throw new Error(r.reason);
  return r.message;
}

test.describe('valid messages', () => {
  test('rfc3261 7.1 request line and mandatory headers', () => {
    const m = ok(invite) as SipRequest;
    expect(m.kind).toBe('request');
    expect(m.method).toBe('INVITE');
    expect(m.uri).toBe('sip:bob@biloxi.example.com');
    expect(header(m, 'call-id')).toBe('a84b4c76e66710@pc33.atlanta.example.com');
    expect(m.body).toBe('v=0\r\n');
  });

  test('rfc3261 7.2 status line', () => {
    const m = ok(
      crlf([
        'SIP/2.0 180 Ringing',
        'Via: SIP/2.0/UDP h;branch=z9hG4bK1',
        'To: <sip:b@h>;tag=2',
        'From: <sip:a@h>;tag=1',
        'Call-ID: x',
        'CSeq: 1 INVITE',
        'Content-Length: 0',
        '',
        '',
      ]),
    );
    expect(m.kind === 'response' && m.status).toBe(180);
    expect(m.kind === 'response' && m.reason).toBe('Ringing');
  });

  test('rfc3261 7.3.1 header folding', () => {
    const folded = invite
      .replace('Subject', '')
      .replace(
        'Max-Forwards: 70',
        "Max-Forwards: 70\r\nSubject: I know you're there,\r\n   pick up the phone\r\n\tand talk to me!",
      );
    expect(header(ok(folded), 'Subject')).toBe("I know you're there, pick up the phone and talk to me!");
  });

  test('rfc3261 7.3.1 header names are case-insensitive and whitespace around the colon is allowed', () => {
    const m = ok(invite.replace('Call-ID: ', 'cALL-iD   :   ').replace('CSeq:', 'cseq :'));
    expect(header(m, 'Call-ID')).toBe('a84b4c76e66710@pc33.atlanta.example.com');
    expect(header(m, 'CSeq')).toBe('314159 INVITE');
  });

  test('rfc3261 7.3.1 comma-separated values equal several header lines', () => {
    const m = ok(
      invite.replace(
        'Max-Forwards: 70',
        'Max-Forwards: 70\r\nRoute: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>\r\nRoute: <sip:p3.example.com;lr>',
      ),
    );
    expect(headers(m, 'Route')).toEqual([
      '<sip:p1.example.com;lr>',
      '<sip:p2.example.com;lr>',
      '<sip:p3.example.com;lr>',
    ]);
  });

  test('rfc3261 7.3.1 commas inside quotes or angle brackets do not split', () => {
    const m = ok(
      invite.replace(
        'Contact: <sip:alice@pc33.atlanta.example.com>',
        'Contact: "Smith, Alice" <sip:alice@pc33.atlanta.example.com;x=a,b>',
      ),
    );
    expect(headers(m, 'Contact')).toHaveLength(1);
    expect(parseNameAddr(header(m, 'Contact')!)?.display).toBe('Smith, Alice');
  });

  test('rfc3261 7.3.3 compact header forms', () => {
    const compact = crlf([
      'BYE sip:bob@h SIP/2.0',
      'v: SIP/2.0/TCP h;branch=z9hG4bK9',
      't: <sip:bob@h>;tag=2',
      'f: <sip:a@h>;tag=1',
      'i: abc',
      'CSeq: 2 BYE',
      'l: 0',
      '',
      '',
    ]);
    const m = ok(compact);
    expect(header(m, 'Call-ID')).toBe('abc');
    expect(header(m, 'Via')).toBe('SIP/2.0/TCP h;branch=z9hG4bK9');
  });

  test('rfc3261 7.5 CRLFs before the start-line are ignored', () => {
    expect(ok('\r\n\r\n' + invite).kind).toBe('request');
  });

  test('rfc3261 18.3 bytes beyond Content-Length are dropped', () => {
    const m = ok(invite + 'garbage after the body');
    expect(m.body).toBe('v=0\r\n');
  });

  test('rfc3261 19.1.1 SIP URI parts', () => {
    expect(parseUri('sip:alice:secret@atlanta.com:5061;transport=tcp;lr?subject=x')).toEqual({
      scheme: 'sip',
      user: 'alice',
      password: 'secret',
      host: 'atlanta.com',
      port: 5061,
      params: { transport: 'tcp', lr: '' },
    });
    expect(parseUri('sip:+33123456789@mock.dialdeck.test')?.user).toBe('+33123456789');
  });

  test('rfc3261 20.10 name-addr with display name and tag', () => {
    expect(parseNameAddr('"A. G. Bell" <sip:agb@bell-telephone.com> ;tag=a48s')).toEqual({
      display: 'A. G. Bell',
      uri: 'sip:agb@bell-telephone.com',
      params: { tag: 'a48s' },
    });
    expect(parseNameAddr('sip:+12125551212@server.phone2net.com;tag=887s')?.params.tag).toBe('887s');
  });

  test('rfc3261 8.2.6.2 a response copies Via, From, To, Call-ID and CSeq and adds a To tag', () => {
    const response = makeResponse(ok(invite) as SipRequest, 486, { toTag: 'xyz' });
    const text = serialize(response);
    expect(text.startsWith('SIP/2.0 486 Busy Here\r\n')).toBe(true);
    expect(header(response, 'To')).toBe('Bob <sip:bob@biloxi.example.com>;tag=xyz');
    expect(header(response, 'Via')).toBe('SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds');
    expect(text).toContain('Content-Length: 0\r\n\r\n');
  });

  test('serialising and parsing again gives the same message', () => {
    const m = ok(invite);
    expect(ok(serialize(m))).toEqual(m);
  });
});

test.describe('malformed messages', () => {
  const bad: [string, string, RegExp][] = [
    ['rfc3261 7.1 a start-line that is not SIP', 'HELLO WORLD\r\n\r\n', /7\.1/],
    ['rfc3261 7.1 an unsupported SIP version', invite.replace('SIP/2.0\r\n', 'SIP/3.0\r\n'), /version/],
    ['rfc3261 7.2 a status code out of range', 'SIP/2.0 999 Nope\r\nVia: SIP/2.0/UDP h\r\n\r\n', /7\.2/],
    [
      'rfc3261 7.3.1 a header line without a colon',
      invite.replace('Max-Forwards: 70', 'Max-Forwards 70'),
      /7\.3\.1/,
    ],
    ['rfc3261 8.1.1 a missing Call-ID', invite.replace(/Call-ID: .*\r\n/, ''), /missing Call-ID/],
    ['rfc3261 8.1.1 a missing Via', invite.replace(/Via: .*\r\n/, ''), /missing Via/],
    [
      'rfc3261 8.1.1.5 a CSeq whose method differs from the request',
      invite.replace('CSeq: 314159 INVITE', 'CSeq: 314159 BYE'),
      /8\.1\.1\.5/,
    ],
    [
      'rfc3261 8.1.1.5 a CSeq that is not a number',
      invite.replace('CSeq: 314159 INVITE', 'CSeq: abc INVITE'),
      /CSeq/,
    ],
    [
      'rfc3261 8.1.1.6 a Max-Forwards that is not a number',
      invite.replace('Max-Forwards: 70', 'Max-Forwards: seventy'),
      /Max-Forwards/,
    ],
    [
      'rfc3261 18.3 a body shorter than Content-Length',
      invite.replace('Content-Length: 5', 'Content-Length: 400'),
      /18\.3/,
    ],
    [
      'rfc3261 19.1.1 a Request-URI that is not a SIP URI',
      invite.replace('INVITE sip:bob@biloxi.example.com', 'INVITE bob@biloxi'),
      /19\.1\.1/,
    ],
    [
      'rfc3261 20.14 a Content-Length that is not a number',
      invite.replace('Content-Length: 5', 'Content-Length: four'),
      /20\.14/,
    ],
    [
      'rfc3261 20.20 a From that is not an address',
      invite.replace(/From: .*\r\n/, 'From: nobody\r\n'),
      /From/,
    ],
  ];
  for (const [name, text, reason] of bad) {
    test(name, () => {
      const r = parseMessage(text);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(reason);
    });
  }

  test('a message larger than the limit is refused', () => {
    const r = parseMessage(invite + 'x'.repeat(MAX_MESSAGE_BYTES));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/exceeds/);
  });

  test('random bytes never throw', () => {
    for (let i = 0; i < 500; i++) {
      const len = Math.floor(Math.random() * 300);
      const bytes = Buffer.alloc(len);
      for (let j = 0; j < len; j++) bytes[j] = Math.floor(Math.random() * 256);
      // Mutations of a valid message reach deeper than pure noise.
      const mutated = invite.split('');
      for (let k = 0; k < 5; k++)
        mutated[Math.floor(Math.random() * mutated.length)] = String.fromCharCode(
          Math.floor(Math.random() * 128),
        );
      expect(() => parseMessage(bytes)).not.toThrow();
      expect(() => parseMessage(mutated.join(''))).not.toThrow();
    }
  });
});

test.describe('stream framing', () => {
  test('rfc3261 18.3 messages split and joined across TCP segments are framed by Content-Length', () => {
    const got: string[] = [];
    const framer = new StreamFramer(
      (m) => got.push(m.toString()),
      () => got.push('ping'),
      () => got.push('too big'),
    );
    const two = invite + invite;
    framer.push(Buffer.from(two.slice(0, 10)));
    framer.push(Buffer.from(two.slice(10, 400)));
    framer.push(Buffer.from(two.slice(400)));
    expect(got).toEqual([invite, invite]);
  });

  test('rfc5626 4.4.1 a double CRLF is a keep-alive ping', () => {
    const got: string[] = [];
    const framer = new StreamFramer(
      (m) => got.push(m.toString()),
      () => got.push('ping'),
      () => got.push('too big'),
    );
    framer.push(Buffer.from('\r\n\r\n' + invite));
    expect(got).toEqual(['ping', invite]);
  });

  test('an endless header without a blank line is refused, not buffered for ever', () => {
    const got: string[] = [];
    const framer = new StreamFramer(
      (m) => got.push(m.toString()),
      () => got.push('ping'),
      () => got.push('too big'),
    );
    framer.push(Buffer.from('INVITE sip:a@b SIP/2.0\r\nX: ' + 'y'.repeat(MAX_MESSAGE_BYTES + 10)));
    expect(got).toEqual(['too big']);
  });
});
