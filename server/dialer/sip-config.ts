/**
 * The SIP dialer's server-wide configuration (cli.ts flags, or `startCampaignServer({ dialer: new SipDialer(…) })`),
 * parsed with zod so a bad URI is refused by name before anything is dialled. Per-campaign caller ID and line
 * cap live in the campaign's `predictive` settings (core/campaign.ts).
 */
import { z } from 'zod';

/** sip:host[:port][;transport=udp|tcp|tls|ws|wss] — the PBX, SBC or proxy every request goes to. */
const proxyUri = z
  .string()
  .trim()
  .regex(
    /^sips?:[A-Za-z0-9.-]+(:\d{1,5})?(;transport=(udp|tcp|tls|ws|wss))?$/i,
    'must be a SIP URI such as sip:pbx.example.com:5060;transport=tcp (udp, tcp, tls, ws or wss)',
  );

const sipUser = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.!~*'()&=+$,;?/%-]+$/, 'must be a SIP user part (no spaces, no @)');

export const SipDialerConfigSchema = z.object({
  proxy: proxyUri,
  /** The domain of the dialer's own address (From, REGISTER); the proxy's host when absent. */
  domain: z.string().trim().min(1).optional(),
  /** The dialer's account on the PBX (REGISTER, digest user). */
  user: sipUser,
  password: z.string().optional(),
  /** The digest user when it is not the account's user (a campaign's own credentials, issue 11). */
  authUser: sipUser.optional(),
  /** Register on start (an account) or not (a trusted trunk: checked with OPTIONS). */
  register: z.boolean().default(true),
  /** The number customers see when the campaign sets none. */
  callerId: sipUser.optional(),
  /** Where an abandoned customer is sent for the recorded message; hung up without one. */
  announcementUri: z
    .string()
    .regex(/^sips?:\S+$/, 'must be a SIP URI such as sip:announcement@pbx.example.com')
    .optional(),
  /** RFC-free but legal: a customer with no operator this long after answering is abandoned. */
  abandonAfterMs: z.number().int().min(0).max(60_000).default(2000),
  /** How long the announcement plays before the dialer hangs up. */
  announcementMs: z.number().int().min(500).max(120_000).default(6000),
  /**
   * How long the PBX may keep a call after the instance that placed it died (its dialogs die with it, so nobody can
   * hang it up): a contact lost that way is not dialled again sooner. The default covers a customer left ringing
   * until the proxy's own INVITE timer (Kamailio's `fr_inv_timer` is 120 s) and a 2xx then retransmitted unanswered
   * for 32 s (RFC 3261 13.3.1.4) before the phone gives up, and a held customer whose session timer (90 s at least,
   * RFC 4028) runs out; a customer hearing silence usually hangs up long before.
   */
  orphanLingerMs: z.number().int().min(0).max(3_600_000).default(180_000),
  /** How long an operator's phone may take to answer a campaign call before it counts as rejected. */
  operatorAnswerMs: z.number().int().min(500).max(60_000).default(8000),
  /**
   * A connected leg's new offer (a hold, the operator's ICE restart after a network fault) goes to the other leg
   * in a re-INVITE and its answer comes back (RFC 3725). Off only for a PBX whose media relay anchors both legs
   * and a far end that cannot take a re-INVITE: the offer is then answered with what that leg was last given.
   */
  passOffers: z.boolean().default(true),
  /** Trunk limits (server-wide): concurrent lines, and call attempts per second the carrier allows. */
  maxLines: z.number().int().min(1).max(100_000).optional(),
  callsPerSecond: z.number().positive().max(1000).optional(),
  /** The HTTP path of the PBX's WebSocket endpoint (`;transport=ws|wss` only, RFC 7118). */
  websocketPath: z
    .string()
    .regex(/^\/[A-Za-z0-9._~!$&'()*+,;=:@/%-]*$/, 'must be an HTTP path such as /ws')
    .default('/'),
  /**
   * TLS and WSS: which certificate authorities the dialer trusts (a PEM file, for a PBX whose certificate a
   * private CA signed; the system's store when absent), and whether it checks the PBX's certificate at all.
   * Checking is on unless turned off by name.
   */
  tls: z
    .object({
      caFile: z.string().trim().min(1, 'must name a PEM file').optional(),
      rejectUnauthorized: z.boolean().default(true),
    })
    .prefault({}),
});
export type SipDialerConfig = z.infer<typeof SipDialerConfigSchema>;
export type SipDialerConfigInput = z.input<typeof SipDialerConfigSchema>;

export type SipProtocol = 'udp' | 'tcp' | 'tls' | 'ws' | 'wss';

export interface ProxyTarget {
  host: string;
  port: number;
  protocol: SipProtocol;
  domain: string;
}

/**
 * Where to connect: the proxy URI's host, port and transport. Without `;transport=` a sip: URI means TCP (every
 * PBX the dialer targets listens on it, and it takes messages of any size) and sips: means TLS; sips: with
 * udp, tcp or ws is a contradiction and refused (RFC 3261 section 26.2.2, RFC 7118 section 5).
 */
export function proxyTarget(config: SipDialerConfig): ProxyTarget {
  const m = /^(sips?):([^:;]+)(?::(\d+))?(?:;transport=(\w+))?$/i.exec(config.proxy);
  if (!m) throw new Error(`dialer proxy ${config.proxy} is not a SIP URI`);
  const sips = m[1]!.toLowerCase() === 'sips';
  const named = m[4]?.toLowerCase() as SipProtocol | undefined;
  if (sips && named && named !== 'tls' && named !== 'wss')
    throw new Error(`dialer proxy ${config.proxy}: sips: needs ;transport=tls or wss`);
  const protocol: SipProtocol = named ?? (sips ? 'tls' : 'tcp');
  const secure = protocol === 'tls' || protocol === 'wss';
  const port = m[3] ? Number(m[3]) : protocol === 'ws' ? 80 : protocol === 'wss' ? 443 : secure ? 5061 : 5060;
  if (port < 1 || port > 65535) throw new Error(`dialer proxy ${config.proxy}: port out of range`);
  return { host: m[2]!, port, protocol, domain: config.domain ?? m[2]! };
}

/** Parses the configuration; the error names each bad field. */
export function parseSipDialerConfig(input: unknown): SipDialerConfig {
  const parsed = SipDialerConfigSchema.safeParse(input);
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`).join('; ');
    throw new Error(`SIP dialer configuration: ${why}`);
  }
  proxyTarget(parsed.data);
  return parsed.data;
}
