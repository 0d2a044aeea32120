/**
 * The registrar (RFC 3261 10.3): digest authentication (RFC 2617 / RFC 3261 22.4), bindings per user with
 * their expiry, `Contact: *` removal, and bindings dropped when their flow closes (RFC 5626 5.3). A REGISTER
 * that names its instance (`+sip.instance` and `reg-id`, RFC 5626 4.2) is a flow: the same instance registering
 * again over another connection replaces it, and the dialogs reached through the old one move to the new one.
 */
import { createHash } from 'node:crypto';
import { randomToken } from './dialog';
import { header, headers, parseNameAddr, parseUri, type SipRequest } from './message';
import type { Pbx } from './pbx';
import type { Flow } from './transport';

export interface Registration {
  user: string;
  contact: string;
  flowId: string;
  transport: string;
  expiresAt: string;
  registeredAt: string;
}

export interface Binding {
  user: string;
  contact: string;
  flowId: string;
  transport: string;
  expiresAt: number;
  registeredAt: number;
}

const nonceLifetimeMs = 5 * 60_000;

/** RFC 5626 4.2: a flow is named by the user agent's instance and its registration id. */
function flowKey(user: string, params: Record<string, string>): string | null {
  const instance = params['+sip.instance'];
  const regId = params['reg-id'];
  return instance && regId ? `${user} ${instance} ${regId}` : null;
}

export class Registrar {
  private readonly bindings = new Map<string, Binding[]>();
  /** The connection each named flow last registered through; kept after it closes so a return can be matched. */
  private readonly flowByInstance = new Map<string, string>();
  private readonly nonces = new Map<string, number>();

  constructor(private readonly pbx: Pbx) {}

  /** Whether the user has a binding, expired or not yet swept (a request to them is proxied, not a customer's). */
  knows(user: string): boolean {
    return this.bindings.has(user);
  }

  registrations(): Registration[] {
    const now = Date.now();
    return [...this.bindings.values()]
      .flat()
      .filter((b) => b.expiresAt > now)
      .map((b) => ({
        user: b.user,
        contact: b.contact,
        flowId: b.flowId,
        transport: b.transport,
        expiresAt: new Date(b.expiresAt).toISOString(),
        registeredAt: new Date(b.registeredAt).toISOString(),
      }));
  }

  /** The user's live bindings: not expired, and their flow still open. */
  bindingsOf(user: string): Binding[] {
    const now = Date.now();
    return (this.bindings.get(user) ?? []).filter((b) => {
      const flow = this.pbx.flow(b.flowId);
      return b.expiresAt > now && flow && !flow.closed;
    });
  }

  /** The binding a call to the user goes to: the newest (the proxy does not fork). */
  newest(user: string): Binding | undefined {
    return this.bindingsOf(user).sort((a, b) => b.registeredAt - a.registeredAt)[0];
  }

  /** The flows a user is registered through, live or not. */
  flowsOf(user: string): Set<string> {
    return new Set((this.bindings.get(user) ?? []).map((b) => b.flowId));
  }

  register(flow: Flow, request: SipRequest): void {
    const pbx = this.pbx;
    const scenario = pbx.scenario;
    const to = parseNameAddr(header(request, 'To')!);
    const user = parseUri(to?.uri ?? '')?.user;
    if (!user) return void pbx.respond(flow, request, 404, { reason: 'Not Found (no user in To)' });
    if (!scenario.openRegistration) {
      const auth = this.checkDigest(request, 'Authorization');
      const challenge = (stale: boolean) => {
        const nonce = randomToken(16);
        this.nonces.set(nonce, Date.now());
        pbx.respond(flow, request, 401, {
          toTag: randomToken(),
          headers: [
            {
              name: 'WWW-Authenticate',
              value: `Digest realm="${pbx.domain}", nonce="${nonce}", algorithm=MD5, qop="auth"${stale ? ', stale=true' : ''}`,
            },
          ],
        });
      };
      if (auth === 'challenge' || auth === 'stale') return challenge(auth === 'stale');
      if (auth !== user) {
        const known = scenario.users.some((u) => u.user === user);
        pbx.log({
          type: 'auth_failed',
          user,
          reason: !known
            ? 'unknown user'
            : auth === 'wrong'
              ? 'wrong password or unknown user'
              : 'user mismatch',
        });
        // An account that does not exist is refused outright (the interop lab's Kamailio: 403 Unknown
        // Account). Wrong credentials for one that does get a fresh challenge with stale=false, as Kamailio's
        // auth_challenge does (RFC 3261 22.2): the client knows it already answered one and gives up.
        if (known && scenario.registration.badCredentials === '401') return challenge(false);
        return void pbx.respond(flow, request, 403, { toTag: randomToken() });
      }
    }
    const { minExpires, maxExpires } = scenario.registration;
    const expiresHeader = header(request, 'Expires');
    const contacts = headers(request, 'Contact');
    const now = Date.now();
    let list = (this.bindings.get(user) ?? []).filter((b) => b.expiresAt > now);
    if (contacts.length === 1 && contacts[0] === '*') {
      // RFC 3261 10.2.2: `Contact: *` with Expires 0 removes every binding.
      for (const b of list) pbx.log({ type: 'unregistered', user, contact: b.contact, reason: 'unregister' });
      list = [];
    }
    for (const value of contacts.filter((c) => c !== '*')) {
      const contact = parseNameAddr(value);
      if (!contact) return void pbx.respond(flow, request, 400, { reason: 'Bad Request (Contact)' });
      const asked = Number(contact.params.expires ?? expiresHeader ?? 3600);
      const uri = contact.uri;
      list = list.filter((b) => b.contact !== uri);
      if (asked === 0) {
        pbx.log({ type: 'unregistered', user, contact: uri, reason: 'unregister' });
        continue;
      }
      if (asked < minExpires)
        return void pbx.respond(flow, request, 423, {
          toTag: randomToken(),
          headers: [{ name: 'Min-Expires', value: String(minExpires) }],
        });
      const expires = Math.min(asked, maxExpires);
      list.push({
        user,
        contact: uri,
        flowId: flow.id,
        transport: flow.transport,
        expiresAt: now + expires * 1000,
        registeredAt: now,
      });
      pbx.log({ type: 'registered', user, contact: uri, expires, transport: flow.transport, flow: flow.id });
      const key = flowKey(user, contact.params);
      const previous = key ? this.flowByInstance.get(key) : undefined;
      if (key) this.flowByInstance.set(key, flow.id);
      if (previous && previous !== flow.id) pbx.flowReplaced(user, previous, flow);
    }
    if (list.length) this.bindings.set(user, list);
    else this.bindings.delete(user);
    pbx.respond(flow, request, 200, {
      toTag: randomToken(),
      headers: [
        ...list.map((b) => ({
          name: 'Contact',
          value: `<${b.contact}>;expires=${Math.max(0, Math.round((b.expiresAt - now) / 1000))}`,
        })),
        { name: 'Date', value: new Date().toUTCString() },
      ],
    });
  }

  /** RFC 2617 / RFC 3261 22.4 digest: the authenticated user, or why not. */
  private checkDigest(request: SipRequest, headerName: string): string | 'challenge' | 'stale' | 'wrong' {
    const value = header(request, headerName);
    if (!value || !/^Digest /i.test(value)) return 'challenge';
    const p: Record<string, string> = {};
    for (const m of value.slice(7).matchAll(/([A-Za-z-]+)\s*=\s*(?:"([^"]*)"|([^,\s]*))/g))
      p[m[1]!.toLowerCase()] = m[2] ?? m[3] ?? '';
    if (!p.nonce || !this.nonces.has(p.nonce)) return 'stale';
    const account = this.pbx.scenario.users.find((u) => u.user === p.username);
    if (!account) return 'wrong';
    const md5 = (s: string) => createHash('md5').update(s).digest('hex');
    const ha1 = md5(`${p.username}:${p.realm}:${account.password}`);
    const ha2 = md5(`${request.method}:${p.uri}`);
    const expected = p.qop
      ? md5(`${ha1}:${p.nonce}:${p.nc}:${p.cnonce}:${p.qop}:${ha2}`)
      : md5(`${ha1}:${p.nonce}:${ha2}`);
    return expected === p.response ? p.username! : 'wrong';
  }

  /** RFC 5626 5.3: a binding reached through a flow that has gone is no use; drop it so calls fail fast. */
  flowClosed(flow: Flow): void {
    for (const [user, list] of this.bindings) {
      const kept = list.filter((b) => b.flowId !== flow.id);
      if (kept.length !== list.length) {
        for (const b of list.filter((x) => x.flowId === flow.id))
          this.pbx.log({ type: 'unregistered', user, contact: b.contact, reason: 'flow closed' });
        if (kept.length) this.bindings.set(user, kept);
        else this.bindings.delete(user);
      }
    }
  }

  /** Drops expired bindings (logging each) and nonces past their lifetime. */
  sweep(now: number): void {
    for (const [user, list] of this.bindings) {
      const kept = list.filter((b) => b.expiresAt > now);
      for (const b of list.filter((x) => x.expiresAt <= now))
        this.pbx.log({ type: 'unregistered', user, contact: b.contact, reason: 'expired' });
      if (kept.length) this.bindings.set(user, kept);
      else this.bindings.delete(user);
    }
    for (const [nonce, at] of this.nonces) if (now - at > nonceLifetimeMs) this.nonces.delete(nonce);
  }
}
