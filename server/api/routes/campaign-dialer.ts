/**
 * A campaign's own dialer account on its way in and out of the Public API (issue 11): the proxy checked by the
 * server-wide dialer's rules, the password sealed before it is stored and never shown.
 */
import { apiProblem } from '../../../core/api-problem';
import { dialerOverridesView, type DialerOverrides } from '../../../core/campaign-dialer';
import { proxyTarget } from '../../dialer/sip-config';
import { seal, secretKey } from '../../dialer/secret-box';
import { HttpError } from '../errors';

/**
 * What is stored for `incoming` (create: `stored` absent; update: merged field by field, a password left out is
 * kept, null removes the whole override). Throws a 400 naming the field when the proxy breaks the server-wide
 * rules (UDP, port) or a password comes without the server's secret key.
 */
export function storedDialerOverrides(
  incoming: DialerOverrides | null | undefined,
  stored: DialerOverrides | undefined,
): DialerOverrides | undefined {
  if (incoming === null) return undefined;
  if (incoming === undefined) return stored;
  const merged: DialerOverrides = { ...stored, ...incoming };
  if (incoming.proxy) checkProxy(incoming.proxy);
  if (incoming.password !== undefined) {
    const key = secretKey();
    if (!key)
      throw new HttpError(
        400,
        'dialer.password: this server has no secret key (DIALDECK_SECRET_KEY), so it does not store dialer passwords',
        apiProblem('dialer_password_needs_key', { field: 'dialer.password' }),
      );
    merged.password = seal(incoming.password, key);
  }
  return merged;
}

function checkProxy(proxy: string): void {
  try {
    proxyTarget({ proxy } as Parameters<typeof proxyTarget>[0]);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new HttpError(
      400,
      `invalid campaign: dialer.proxy: ${detail}`,
      apiProblem('field_invalid', { field: 'dialer.proxy', detail }),
    );
  }
}

export { dialerOverridesView };
