/**
 * The SIP dialer's server-wide configuration (cli.ts flags, or `startCampaignServer({ dialer: new SipDialer(…) })`),
 * parsed with zod so a bad URI is refused by name before anything is dialled. Per-campaign caller ID and line
 * cap live in the campaign's `predictive` settings (core/campaign.ts).
 */
import { z } from 'zod';

/** sip:host[:port][;transport=tcp|tls] — the PBX, SBC or proxy every request goes to. */
const proxyUri = z
  .string()
  .trim()
  .regex(
    /^sips?:[A-Za-z0-9.-]+(:\d{1,5})?(;transport=(tcp|tls|udp))?$/i,
    'must be a SIP URI such as sip:pbx.example.com:5060;transport=tcp',
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
  /** How long an operator's phone may take to answer a campaign call before it counts as rejected. */
  operatorAnswerMs: z.number().int().min(500).max(60_000).default(8000),
  /** Trunk limits (server-wide): concurrent lines, and call attempts per second the carrier allows. */
  maxLines: z.number().int().min(1).max(100_000).optional(),
  callsPerSecond: z.number().positive().max(1000).optional(),
});
export type SipDialerConfig = z.infer<typeof SipDialerConfigSchema>;
export type SipDialerConfigInput = z.input<typeof SipDialerConfigSchema>;

export interface ProxyTarget {
  host: string;
  port: number;
  protocol: 'tcp' | 'tls';
  domain: string;
}

/** Where to connect: the proxy URI's host, port and stream transport (UDP is refused: see README.md). */
export function proxyTarget(config: SipDialerConfig): ProxyTarget {
  const m = /^(sips?):([^:;]+)(?::(\d+))?(?:;transport=(\w+))?$/i.exec(config.proxy);
  if (!m) throw new Error(`dialer proxy ${config.proxy} is not a SIP URI`);
  const secure = m[1]!.toLowerCase() === 'sips' || m[4]?.toLowerCase() === 'tls';
  if (m[4]?.toLowerCase() === 'udp')
    throw new Error(`dialer proxy ${config.proxy}: UDP is not supported, use ;transport=tcp or tls`);
  const port = m[3] ? Number(m[3]) : secure ? 5061 : 5060;
  if (port < 1 || port > 65535) throw new Error(`dialer proxy ${config.proxy}: port out of range`);
  return { host: m[2]!, port, protocol: secure ? 'tls' : 'tcp', domain: config.domain ?? m[2]! };
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
