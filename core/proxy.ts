/**
 * The workstation's proxy, as settings and policy give it, and the pure logic that decides how one connection
 * leaves the machine. Both sides end in the same answer, a PAC-style result (`PROXY host:port; DIRECT`):
 * Chromium's `session.resolveProxy()` gives one in the desktop app, and `proxyResultFor()` here gives one from
 * settings and the environment where Chromium is not the host (browser mode).
 *
 *   mode     the renderer (PBX WebSocket)          the host (campaign server connection)
 *   system   the OS proxy (Chromium)               Electron: the same; browser mode: HTTPS_PROXY / NO_PROXY
 *   direct   no proxy                              no proxy
 *   fixed    `server`, except `bypass`             the same
 *   pac      the script at `pacUrl`                Electron: the same; browser mode: no PAC engine → direct, logged
 */
import { z } from 'zod';

/** The schema's own words for a bad value; the settings view shows each in the operator's language by this name. */
export const PROXY_MESSAGES = {
  server: 'must be host:port, e.g. proxy.example.com:3128',
  bypass: 'must be a host name, *.domain, .domain, an IPv4 range like 10.0.0.0/8, <local> or <-loopback>',
  pacUrl: 'must be an http://, https:// or file:// URL of a PAC script',
  serverNeeded: 'a fixed proxy needs host:port',
  pacUrlNeeded: 'a PAC proxy needs the script URL',
} as const;

/** The proxies a CONNECT tunnel can go through: `host:port`, or `http(s)://host:port`. */
const proxyServer = z
  .string()
  .trim()
  .regex(/^(https?:\/\/)?(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9.-]*[a-z0-9])?):\d{1,5}$/i, PROXY_MESSAGES.server);

/** Chromium's bypass rules, the subset the host can honour too. */
const bypassRule = z
  .string()
  .trim()
  .regex(
    /^(<local>|<-loopback>|\*|(\*\.|\.)?[a-z0-9*]([a-z0-9.*-]*[a-z0-9])?(:\d{1,5})?|\d{1,3}(\.\d{1,3}){3}\/\d{1,2})$/i,
    PROXY_MESSAGES.bypass,
  );

const pacUrl = z
  .string()
  .trim()
  .regex(/^(https?|file):\/\/\S+$/i, PROXY_MESSAGES.pacUrl);

export const ProxyModeSchema = z.enum(['system', 'direct', 'fixed', 'pac']);
export type ProxyMode = z.infer<typeof ProxyModeSchema>;

/** The section as stored; the settings patch takes it `.partial()`, so refinements live on the schema below. */
export const ProxySettingsObject = z.object({
  mode: ProxyModeSchema.default('system'),
  server: z.union([proxyServer, z.literal('')]).default(''),
  bypass: z.array(bypassRule).max(100).default([]),
  pacUrl: z.union([pacUrl, z.literal('')]).default(''),
});

export const ProxySettingsSchema = ProxySettingsObject.superRefine((p, ctx) => {
  if (p.mode === 'fixed' && !p.server)
    ctx.addIssue({ code: 'custom', path: ['server'], message: PROXY_MESSAGES.serverNeeded });
  if (p.mode === 'pac' && !p.pacUrl)
    ctx.addIssue({ code: 'custom', path: ['pacUrl'], message: PROXY_MESSAGES.pacUrlNeeded });
});
export type ProxySettings = z.infer<typeof ProxySettingsSchema>;

export type ProxyRoute =
  | { kind: 'direct' }
  /** `http://host:port` or `https://host:port` (a TLS connection to the proxy itself). */
  | { kind: 'proxy'; url: string }
  /** SOCKS and anything else: Chromium may use it, the host's tunnel cannot. */
  | { kind: 'unsupported'; entry: string };

/** `PROXY a:3128; HTTPS b:443; SOCKS5 c:1080; DIRECT` → routes in the order to try them. */
export function parsePacResult(result: string): ProxyRoute[] {
  const routes: ProxyRoute[] = [];
  for (const raw of result.split(';')) {
    const entry = raw.trim();
    if (!entry) continue;
    const [keyword = '', target = ''] = entry.split(/\s+/);
    const kw = keyword.toUpperCase();
    if (kw === 'DIRECT') routes.push({ kind: 'direct' });
    else if ((kw === 'PROXY' || kw === 'HTTP') && target)
      routes.push({ kind: 'proxy', url: `http://${target}` });
    else if (kw === 'HTTPS' && target) routes.push({ kind: 'proxy', url: `https://${target}` });
    else routes.push({ kind: 'unsupported', entry });
  }
  return routes.length ? routes : [{ kind: 'direct' }];
}

/** The first route the host can take; null when every route is one it cannot (e.g. SOCKS only). */
export function firstUsableRoute(routes: ProxyRoute[]): Exclude<ProxyRoute, { kind: 'unsupported' }> | null {
  for (const r of routes) if (r.kind !== 'unsupported') return r;
  return null;
}

const isLoopback = (host: string) =>
  host === 'localhost' ||
  host.endsWith('.localhost') ||
  /^127\./.test(host) ||
  host === '[::1]' ||
  host === '::1';

function ipv4ToInt(ip: string): number | null {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return null;
  return parts.reduce((acc, p) => acc * 256 + p, 0);
}

/**
 * Chromium's bypass semantics: loopback never goes through a proxy unless `<-loopback>` is listed; `<local>`
 * is any host name without a dot; `*.example.com` and `.example.com` match the subdomains, `example.com` the
 * name itself (and its subdomains, as Chromium does); `host:port` only that port; `a.b.c.d/n` an IPv4 range.
 */
export function bypassesProxy(rules: readonly string[], target: string): boolean {
  const url = new URL(target);
  const host = url.hostname.toLowerCase();
  const port = url.port || (/^(https|wss):$/.test(url.protocol) ? '443' : '80');
  if (isLoopback(host) && !rules.includes('<-loopback>')) return true;
  for (const raw of rules) {
    const rule = raw.trim().toLowerCase();
    if (rule === '<-loopback>') continue;
    if (rule === '*') return true;
    if (rule === '<local>') {
      if (!host.includes('.') && !host.includes(':')) return true;
      continue;
    }
    const cidr = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/.exec(rule);
    if (cidr) {
      const base = ipv4ToInt(cidr[1]!);
      const ip = ipv4ToInt(host);
      const bits = Number(cidr[2]);
      if (base === null || ip === null || bits > 32) continue;
      const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
      if ((base & mask) >>> 0 === (ip & mask) >>> 0) return true;
      continue;
    }
    const [name = '', rulePort] = rule.split(/:(?=\d+$)/);
    if (rulePort && rulePort !== port) continue;
    const bare = name.replace(/^\*?\./, '');
    if (name.startsWith('*.') || name.startsWith('.')) {
      if (host.endsWith(`.${bare}`)) return true;
    } else if (name.includes('*')) {
      const re = new RegExp(`^${name.split('*').map(escapeRegExp).join('.*')}$`);
      if (re.test(host)) return true;
    } else if (host === bare || host.endsWith(`.${bare}`)) return true;
  }
  return false;
}

const escapeRegExp = (s: string) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');

/** `fixed` mode: the configured proxy, or DIRECT for a bypassed target. */
export function fixedProxyResult(p: Pick<ProxySettings, 'server' | 'bypass'>, target: string): string {
  if (!p.server || bypassesProxy(p.bypass, target)) return 'DIRECT';
  const server = p.server.replace(/^http:\/\//i, '');
  return /^https:\/\//i.test(server) ? `HTTPS ${server.slice('https://'.length)}` : `PROXY ${server}`;
}

/**
 * What the environment says, as curl and most command-line tools read it: `HTTPS_PROXY` for https/wss,
 * `HTTP_PROXY` for http/ws, `ALL_PROXY` for either, `NO_PROXY` (comma-separated names, `.domain`, `*`).
 * Lower-case names win, as in curl.
 */
export function environmentProxyResult(env: Record<string, string | undefined>, target: string): string {
  const get = (name: string) => env[name.toLowerCase()] ?? env[name.toUpperCase()];
  const url = new URL(target);
  const secure = url.protocol === 'https:' || url.protocol === 'wss:';
  const proxy = (secure ? get('https_proxy') : get('http_proxy')) ?? get('all_proxy');
  if (!proxy?.trim()) return 'DIRECT';
  const noProxy = (get('no_proxy') ?? '')
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (bypassesProxy(noProxy, target)) return 'DIRECT';
  let parsed: URL;
  try {
    parsed = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(proxy) ? proxy : `http://${proxy}`);
  } catch {
    return 'DIRECT';
  }
  const hostPort = `${parsed.hostname}:${parsed.port || (parsed.protocol === 'https:' ? '443' : '80')}`;
  if (parsed.protocol === 'https:') return `HTTPS ${hostPort}`;
  if (parsed.protocol === 'http:') return `PROXY ${hostPort}`;
  return `${parsed.protocol.replace(':', '').toUpperCase()} ${hostPort}`;
}

/**
 * How the host reaches `target` where Chromium cannot tell it (browser mode). `pac` has no engine here: the
 * caller goes direct and says so.
 */
export function proxyResultFor(
  p: ProxySettings,
  target: string,
  env: Record<string, string | undefined>,
): string {
  switch (p.mode) {
    case 'direct':
      return 'DIRECT';
    case 'fixed':
      return fixedProxyResult(p, target);
    case 'system':
      return environmentProxyResult(env, target);
    case 'pac':
      return 'DIRECT';
  }
}

/** The URL Chromium's resolver is asked about for a WebSocket: it resolves ws/wss like http/https. */
export function proxyLookupUrl(target: string): string {
  return target.replace(/^ws(s?):/i, 'http$1:');
}
