/** SIP addresses (RFC 3261 19.1, 20.10, 20.42): URIs, name-addr headers (From, To, Contact) and Via. */

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

export function tagOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  return parseNameAddr(value)?.params.tag;
}
