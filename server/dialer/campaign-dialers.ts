/**
 * Per-campaign dialer accounts (issue 11): the one `DialerAdapter` the engine sees, routing each campaign's calls to
 * the SipDialer of its effective account — the server-wide one, or one of its own (proxy, From identity,
 * credentials) made from the campaign's overrides. One SipDialer (one connection, one registration) per distinct
 * account, shared by the campaigns that name the same one; closed once no running campaign has used it for a while
 * (pacing asks `room` of every running campaign each round, so a quiet account is one no running campaign uses).
 */
import { createHash } from 'node:crypto';
import { hasOwnDialer, type DialerOverrides } from '../../core/campaign-dialer';
import type { CampaignAccount, DialerAdapter, DialerEvent, DialerHealth, OriginateRequest } from './adapter';
import { secretKey, unseal } from './secret-box';
import { SipDialer } from './sip-dialer';
import type { SipDialerConfigInput } from './sip-config';

/** An account no running campaign asked about this long is closed (its REGISTER ends with it). */
const IDLE_CLOSE_MS = 60_000;

type Account = { dialer: SipDialer; usedAt: number };

export class CampaignDialers implements DialerAdapter {
  private readonly accounts = new Map<string, Account>();
  /** Which dialer placed each call, for connect and hangup. */
  private readonly callsOf = new Map<string, SipDialer>();
  private readonly listeners = new Set<(e: DialerEvent) => void>();
  private readonly sweep: NodeJS.Timeout;

  constructor(
    readonly serverWide: SipDialer,
    private readonly key: () => Buffer | null = () => secretKey(),
  ) {
    this.listen(serverWide);
    this.sweep = setInterval(() => void this.closeIdle(), IDLE_CLOSE_MS / 4);
    this.sweep.unref();
  }

  start(): Promise<void> {
    return this.serverWide.start();
  }

  /** The server-wide dialer's problem: campaigns with their own account are judged by `healthOf`. */
  problem(): string | null {
    return this.serverWide.problem();
  }

  health(): DialerHealth {
    return this.serverWide.health();
  }

  healthOf(campaign: CampaignAccount): DialerHealth {
    return this.dialerFor(campaign.account).health();
  }

  async preflight(campaign?: CampaignAccount): Promise<void> {
    await this.dialerFor(campaign?.account).preflight();
  }

  onEvent(listener: (event: DialerEvent) => void): void {
    this.listeners.add(listener);
  }

  /** A campaign whose own account cannot call gets no room, so pacing places none of its calls. */
  room(campaignId: string, campaignMaxLines?: number, account?: DialerOverrides): number {
    const dialer = this.dialerFor(account);
    if (dialer !== this.serverWide && dialer.problem()) return 0;
    return dialer.room(campaignId, campaignMaxLines);
  }

  async originate(request: OriginateRequest): Promise<{ callId: string }> {
    const dialer = this.dialerFor(request.account);
    const placed = await dialer.originate(request);
    this.callsOf.set(placed.callId, dialer);
    return placed;
  }

  connect(callId: string, operatorSipUser: string, headers: Record<string, string>): Promise<boolean> {
    return this.placedBy(callId).connect(callId, operatorSipUser, headers);
  }

  hangup(callId: string): Promise<void> {
    return this.placedBy(callId).hangup(callId);
  }

  /** The server-wide setting: a campaign's own account changes who calls, not how long the PBX keeps a call. */
  orphanLingerMs(): number {
    return this.serverWide.orphanLingerMs();
  }

  async close(): Promise<void> {
    clearInterval(this.sweep);
    const all = [this.serverWide, ...[...this.accounts.values()].map((a) => a.dialer)];
    this.accounts.clear();
    await Promise.all(all.map((d) => d.close().catch(() => undefined)));
  }

  /** How many connections of their own campaigns hold now (for tests and the status API). */
  ownAccounts(): number {
    return this.accounts.size;
  }

  private placedBy(callId: string): SipDialer {
    return this.callsOf.get(callId) ?? this.serverWide;
  }

  /** The campaign's dialer: made (and started) on first use of its account, shared by equal accounts. */
  private dialerFor(overrides: DialerOverrides | undefined): SipDialer {
    if (!hasOwnDialer(overrides)) return this.serverWide;
    const config = this.effectiveConfig(overrides);
    const id = createHash('sha256').update(JSON.stringify(config)).digest('hex');
    let account = this.accounts.get(id);
    if (!account) {
      account = { dialer: new SipDialer(config), usedAt: Date.now() };
      this.accounts.set(id, account);
      this.listen(account.dialer);
      void account.dialer.start().catch(() => undefined);
    }
    account.usedAt = Date.now();
    return account.dialer;
  }

  /** The server-wide configuration with the campaign's fields in place of its own. */
  private effectiveConfig(o: DialerOverrides): SipDialerConfigInput {
    const base = this.serverWide.config;
    let password = base.password;
    if (o.password !== undefined) {
      const key = this.key();
      // A sealed password without the key that sealed it cannot be used; the account then fails its REGISTER.
      try {
        password = key ? unseal(o.password, key) : undefined;
      } catch {
        password = undefined; // sealed under another key: the PBX will refuse it, and the status says so
      }
    }
    return {
      ...base,
      proxy: o.proxy ?? base.proxy,
      domain: o.fromDomain ?? base.domain,
      user: o.fromUser ?? base.user,
      authUser: o.authUser ?? (o.fromUser ? undefined : base.authUser),
      password,
    };
  }

  private listen(dialer: SipDialer): void {
    dialer.onEvent((e) => {
      if (e.type === 'ended') this.callsOf.delete(e.callId);
      for (const l of this.listeners) l(e);
    });
  }

  private async closeIdle(): Promise<void> {
    const now = Date.now();
    for (const [id, a] of this.accounts) {
      if (now - a.usedAt < IDLE_CLOSE_MS || a.dialer.health().linesInUse > 0) continue;
      this.accounts.delete(id);
      await a.dialer.close().catch(() => undefined);
    }
  }
}
