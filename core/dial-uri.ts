/**
 * Click-to-dial: what a `tel:`, `sip:` or `callto:` link (from a CRM, a browser, a script) asks Dialdeck to
 * dial, and nothing else. Links arrive from outside the app — another program's command line, the OS URL
 * handler, `/?dial=` in browser mode — so every one is treated as hostile until it parses: other schemes,
 * markup, control characters and overlong input are refused with a message the operator can read.
 *
 *   tel:+1-201-555-0123;ext=42        (RFC 3966: visual separators and parameters)  → +12015550123
 *   sip:1001@pbx.example.com;transport=tcp?subject=x                                   → sip:1001@pbx.example.com
 *   callto://+44 20 7946 0958, callto:5551234                                          → +442079460958, 5551234
 */

/** Longer than any real link to a phone number; anything past it is refused rather than cut. */
export const MAX_DIAL_URI_LENGTH = 512;
/** Digits a dialled number may carry (E.164 allows 15; PBX prefixes and extensions need a little more). */
export const MAX_DIAL_DIGITS = 32;

export const DIAL_SCHEMES = ['tel', 'sip', 'sips', 'callto'] as const;
export type DialScheme = (typeof DIAL_SCHEMES)[number];

export type DialUri =
  | {
      ok: true;
      scheme: DialScheme;
      /** What the dial pad shows and the phone dials: digits (with a leading + when global) or `sip:user@host`. */
      number: string;
      /** RFC 3966 `ext=`, for the operator to key in once connected. */
      extension: string | null;
    }
  | { ok: false; message: string };

// RFC 3966 §5.1.1 visual-separator, plus the spaces people paste in.
const visualSeparators = /[-.()\s\u00a0]/g;
// eslint-disable-next-line no-control-regex -- the point is to find control characters
const controlChars = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const markup = /[<>"'`\\{}]/;

const refuse = (message: string): DialUri => ({ ok: false, message });

/** Parses one link. Never throws. */
export function parseDialUri(input: string): DialUri {
  if (typeof input !== 'string') return refuse('Refused a dial link: it is not text.');
  if (input.length > MAX_DIAL_URI_LENGTH)
    return refuse(
      `Refused a dial link: it is ${input.length} characters long (at most ${MAX_DIAL_URI_LENGTH}).`,
    );
  const raw = input.trim();
  if (controlChars.test(raw)) return refuse('Refused a dial link: it contains control characters.');
  const m = /^([a-z][a-z0-9+.-]*):(.*)$/is.exec(raw);
  if (!m) return refuse('Refused a dial link: it is not a tel:, sip: or callto: link.');
  const scheme = m[1]!.toLowerCase();
  if (!isDialScheme(scheme))
    return refuse(
      `Refused a dial link: ${scheme}: links are not phone numbers (only tel:, sip: and callto:).`,
    );

  let rest: string;
  try {
    rest = decodeURIComponent(m[2]!);
  } catch {
    return refuse('Refused a dial link: it is not properly encoded.');
  }
  // Decoding can reveal what the encoding hid.
  if (controlChars.test(rest)) return refuse('Refused a dial link: it contains control characters.');
  if (markup.test(rest))
    return refuse('Refused a dial link: it contains characters no number or address has.');

  switch (scheme) {
    case 'tel':
      return parseTel(rest);
    case 'callto':
      return parseCallto(rest);
    default:
      return parseSip(scheme, rest);
  }
}

function isDialScheme(s: string): s is DialScheme {
  return (DIAL_SCHEMES as readonly string[]).includes(s);
}

/** RFC 3966: `tel:` global-number (`+` digits) or local-number, then `;param=value`s. */
function parseTel(rest: string): DialUri {
  const [numberPart = '', ...params] = rest.split(';');
  let extension: string | null = null;
  for (const p of params) {
    const [name = '', value = ''] = p.split('=');
    if (name.trim().toLowerCase() === 'ext') {
      const ext = value.replace(visualSeparators, '');
      if (!/^[0-9*#]{1,16}$/.test(ext)) return refuse(`Refused a dial link: bad extension "${value}".`);
      extension = ext;
    }
  }
  const number = digitsOf(numberPart.replace(/^\/\//, ''));
  return typeof number === 'string' ? { ok: true, scheme: 'tel', number, extension } : number;
}

/** `callto://number` or `callto:number`; Skype-style names are not phone numbers. */
function parseCallto(rest: string): DialUri {
  const target = rest.replace(/^\/\//, '').split(/[;?]/)[0] ?? '';
  const number = digitsOf(target);
  return typeof number === 'string' ? { ok: true, scheme: 'callto', number, extension: null } : number;
}

/** `sip:user@host[:port][;params][?headers]`: dialled as `sip:user@host[:port]`, parameters and headers dropped. */
function parseSip(scheme: DialScheme, rest: string): DialUri {
  const address = rest.split(/[;?]/)[0] ?? '';
  const m = /^([^@\s:;]+)@([a-z0-9.-]+|\[[0-9a-f:.]+\])(:\d{1,5})?$/i.exec(address);
  if (!m)
    return refuse(
      `Refused a dial link: "${scheme}:${shorten(address)}" is not a SIP address (sip:user@host).`,
    );
  if (m[1]!.length > 64) return refuse('Refused a dial link: the SIP user is too long.');
  if (!/^[a-z0-9+*#_.!~-]+$/i.test(m[1]!))
    return refuse(
      `Refused a dial link: the SIP user "${shorten(m[1]!)}" has characters a dial string cannot.`,
    );
  return { ok: true, scheme, number: `${scheme}:${m[1]}@${m[2]}${m[3] ?? ''}`, extension: null };
}

function digitsOf(text: string): string | DialUri {
  const s = text.replace(visualSeparators, '');
  if (s === '') return refuse('Refused a dial link: it holds no number.');
  if (!/^\+?[0-9*#]+$/.test(s))
    return refuse(`Refused a dial link: "${shorten(text)}" is not a phone number.`);
  if (s.replace(/\D/g, '').length > MAX_DIAL_DIGITS)
    return refuse(`Refused a dial link: the number has more than ${MAX_DIAL_DIGITS} digits.`);
  return s;
}

function shorten(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

// ─── command lines ──────────────────────────────────────────────────────────────────────────────────────────
// A link reaches a new Dialdeck process as an argument (Windows and Linux URL handlers run `Dialdeck "%1"`; a
// second instance hands its argv to the first). Chromium adds its own switches, and Windows may leave quotes on.

/** The first argument that is a dial link, unquoted; null when none is (a normal start). */
export function dialLinkInArgv(argv: readonly string[]): string | null {
  for (const arg of argv) {
    const unquoted = stripQuotes(arg.trim());
    if (/^(tel|sips?|callto):/i.test(unquoted)) return unquoted;
  }
  return null;
}

function stripQuotes(s: string): string {
  return s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1) : s;
}

/**
 * Splits a Windows command line as `CommandLineToArgvW` does: whitespace separates, `"` groups, `2n`
 * backslashes before a quote give `n` backslashes and a quote that groups, `2n+1` give `n` and a literal quote.
 * For IT scripts that hand over one command-line string rather than an argv.
 */
export function splitWindowsCommandLine(line: string): string[] {
  const args: string[] = [];
  let current = '';
  let inQuotes = false;
  let started = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '\\') {
      let n = 0;
      while (line[i + n] === '\\') n++;
      if (line[i + n] === '"') {
        current += '\\'.repeat(Math.floor(n / 2));
        if (n % 2 === 1) current += '"';
        else inQuotes = !inQuotes;
        i += n;
      } else {
        current += '\\'.repeat(n);
        i += n - 1;
      }
      started = true;
    } else if (c === '"') {
      // `""` inside quotes is a literal quote (the rule since Windows 2008).
      if (inQuotes && line[i + 1] === '"') {
        current += '"';
        i++;
      } else inQuotes = !inQuotes;
      started = true;
    } else if ((c === ' ' || c === '\t') && !inQuotes) {
      if (started) args.push(current);
      current = '';
      started = false;
    } else {
      current += c;
      started = true;
    }
  }
  if (started) args.push(current);
  return args;
}
