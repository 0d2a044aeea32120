// Click-to-dial links as they arrive from CRMs, browsers and command lines: what dials, and what is refused.
import { expect, test } from '@playwright/test';
import {
  dialLinkInArgv,
  MAX_DIAL_URI_LENGTH,
  parseDialUri,
  splitWindowsCommandLine,
} from '../../core/dial-uri';

const number = (uri: string) => {
  const r = parseDialUri(uri);
  if (!r.ok) throw new Error(`expected ${uri} to parse: ${r.message}`);
  return r.number;
};
const refusal = (uri: string) => {
  const r = parseDialUri(uri);
  if (r.ok) throw new Error(`expected ${uri} to be refused, got ${r.number}`);
  return r.message;
};

test('rfc3966: tel: global and local numbers lose their visual separators and parameters', () => {
  expect(number('tel:+1-201-555-0123')).toBe('+12015550123');
  expect(number('tel:+44(20)7946.0958')).toBe('+442079460958');
  expect(number('tel:+44%2020%207946%200958')).toBe('+442079460958');
  expect(number('TEL:7042;phone-context=example.com')).toBe('7042');
  expect(number('tel:*61#')).toBe('*61#');
  const withExt = parseDialUri('tel:+1-201-555-0123;ext=1234');
  expect(withExt).toEqual({ ok: true, scheme: 'tel', number: '+12015550123', extension: '1234' });
});

test('sip: and sips: dial user@host, without parameters or headers', () => {
  expect(number('sip:1001@pbx.example.com')).toBe('sip:1001@pbx.example.com');
  expect(number('sip:1001@pbx.example.com:5061;transport=tls?subject=hello')).toBe(
    'sip:1001@pbx.example.com:5061',
  );
  expect(number('sips:+15551234@[2001:db8::1]')).toBe('sips:+15551234@[2001:db8::1]');
  expect(refusal('sip:pbx.example.com')).toMatch(/not a SIP address/);
  expect(refusal('sip:a b@pbx')).toMatch(/not a SIP address/);
});

test('callto: with and without the slashes', () => {
  expect(number('callto://+44 20 7946 0958')).toBe('+442079460958');
  expect(number('callto:5551234')).toBe('5551234');
  expect(refusal('callto://echo123')).toMatch(/not a phone number/);
});

test('other schemes, script, control characters and overlong input are refused with a message', () => {
  expect(refusal('javascript:alert(1)')).toMatch(/javascript: links are not phone numbers/);
  expect(refusal('https://evil.example.com/?tel:+1555')).toMatch(/https: links are not phone numbers/);
  expect(refusal('file:///etc/passwd')).toMatch(/file: links/);
  expect(refusal('+15551234')).toMatch(/not a tel:, sip: or callto: link/);
  expect(refusal('tel:<script>alert(1)</script>')).toMatch(/characters no number or address has/);
  expect(refusal('tel:%3Cscript%3E')).toMatch(/characters no number or address has/);
  expect(refusal('tel:+1555\u0000123')).toMatch(/control characters/);
  expect(refusal('tel:+1555%0A123')).toMatch(/control characters/);
  expect(refusal('tel:+1555\u202e321')).toMatch(/control characters/);
  expect(refusal('tel:%E0%A4%A')).toMatch(/not properly encoded/);
  expect(refusal(`tel:+${'1'.repeat(MAX_DIAL_URI_LENGTH)}`)).toMatch(/characters long/);
  expect(refusal(`tel:+${'1'.repeat(33)}`)).toMatch(/more than 32 digits/);
  expect(refusal('tel:')).toMatch(/holds no number/);
  expect(refusal('tel:+1555;ext=<b>')).toMatch(/characters no number/);
  expect(refusal('tel:call-me-maybe')).toMatch(/not a phone number/);
});

test('argv: the link among Chromium switches, with or without the quotes Windows leaves on', () => {
  expect(dialLinkInArgv(['C:\\Program Files\\Dialdeck\\Dialdeck.exe'])).toBeNull();
  expect(
    dialLinkInArgv([
      'C:\\Program Files\\Dialdeck\\Dialdeck.exe',
      '--allow-file-access-from-files',
      '"tel:+1 555 0100"',
    ]),
  ).toBe('tel:+1 555 0100');
  expect(dialLinkInArgv(['/opt/Dialdeck/dialdeck', '--no-sandbox', 'SIP:1001@pbx'])).toBe('SIP:1001@pbx');
  expect(dialLinkInArgv(['dialdeck', 'callto://5551234'])).toBe('callto://5551234');
  // A page URL that merely mentions a number is not a dial link.
  expect(dialLinkInArgv(['dialdeck', 'https://crm/?tel:+1555'])).toBeNull();
});

test('Windows command lines split as CommandLineToArgvW does', () => {
  expect(splitWindowsCommandLine('"C:\\Program Files\\Dialdeck\\Dialdeck.exe" "tel:+1 (555) 0100"')).toEqual([
    'C:\\Program Files\\Dialdeck\\Dialdeck.exe',
    'tel:+1 (555) 0100',
  ]);
  expect(splitWindowsCommandLine('a\\\\\\"b c"d e"  f')).toEqual(['a\\"b', 'cd e', 'f']);
  expect(splitWindowsCommandLine('x "a\\\\" y')).toEqual(['x', 'a\\', 'y']);
  expect(splitWindowsCommandLine('"say ""hi"""')).toEqual(['say "hi"']);
  const argv = splitWindowsCommandLine('Dialdeck.exe --flag "callto://+44 20 7946 0958"');
  expect(parseDialUri(dialLinkInArgv(argv)!)).toMatchObject({ ok: true, number: '+442079460958' });
});
