/**
 * A campaign's own dialer account (issue 11): the proxy, From identity and credentials its calls use instead of the
 * server-wide SIP dialer's. The password crosses the Public API inbound only; what is stored is sealed by the
 * server (server/dialer/secret-box.ts), and what is shown says only whether one is set.
 */
import { z } from 'zod';

/**
 * The shape of a SIP proxy URI; which transports and ports are accepted is the server-wide dialer's rule
 * (server/dialer/sip-config.ts's proxyTarget), which the Public API applies too, so the two never disagree.
 */
export const SIP_PROXY_RULE = /^sips?:[A-Za-z0-9.-]+(:\d{1,5})?(;transport=[A-Za-z]+)?$/i;
const SIP_PROXY_WORDS = 'must be a SIP URI such as sip:pbx.example.com:5060;transport=tcp';

const sipUser = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.!~*'()&=+$,;?/%-]{1,64}$/, 'must be a SIP user part (no spaces, no @)');

export const DialerOverridesSchema = z
  .object({
    proxy: z.string().trim().regex(SIP_PROXY_RULE, SIP_PROXY_WORDS).optional(),
    /** The From identity of this campaign's calls (and of its REGISTER when it has its own account). */
    fromUser: sipUser.optional(),
    fromDomain: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9.-]{1,253}$/, 'must be a domain such as pbx.example.com')
      .optional(),
    /** Digest user; the From user when absent. */
    authUser: sipUser.optional(),
    /** Inbound: the password as typed. Stored: sealed (`sealed:v1:…`, longer than what was typed), never shown. */
    password: z
      .string()
      .min(1)
      .max(1024)
      .optional()
      .meta({ writeOnly: true, description: 'write-only: never returned; the campaign shows passwordSet' }),
  })
  .strict();
export type DialerOverrides = z.infer<typeof DialerOverridesSchema>;

/** The overrides as the Public API shows them: the password replaced by whether one is set. */
export function dialerOverridesView(o: DialerOverrides | undefined) {
  if (!o) return undefined;
  const { password, ...shown } = o;
  return { ...shown, passwordSet: password !== undefined };
}

/** Whether a campaign's calls leave through their own connection (any override but the caller ID). */
export function hasOwnDialer(o: DialerOverrides | undefined): o is DialerOverrides {
  return !!o && (o.proxy ?? o.fromUser ?? o.fromDomain ?? o.authUser ?? o.password) !== undefined;
}
