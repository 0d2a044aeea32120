/**
 * Which dialer the embedded campaign server places predictive calls through: SIP to a PBX
 * (`DIALDECK_SIP_DIALER`, the SIP dialer's configuration as JSON, server/dialer/sip-config.ts), mock-sip's
 * originate API (`DIALDECK_MOCK_SIP_CONTROL_URL`, for testers), or none. With none, the supervisor's banner
 * says predictive campaigns cannot place calls.
 */
import { CampaignDialers, MockSipDialer, SipDialer, type DialerAdapter } from '../../server/index';

export type EmbeddedDialerOptions = {
  /** mock-sip control API (default: DIALDECK_MOCK_SIP_CONTROL_URL). */
  mockSipControlUrl?: string;
  /** The SIP dialer's configuration (default: DIALDECK_SIP_DIALER as JSON). */
  sipDialer?: unknown;
};

/** The dialer and where it dials, for the log; throws with the field's name on a bad SIP configuration. */
export function embeddedDialer(o: EmbeddedDialerOptions = {}): {
  dialer: DialerAdapter | undefined;
  via: string | null;
} {
  const sipJson = process.env.DIALDECK_SIP_DIALER;
  const sip = o.sipDialer ?? (sipJson ? parseJson(sipJson) : undefined);
  if (sip !== undefined) {
    const dialer = new SipDialer(sip as ConstructorParameters<typeof SipDialer>[0]);
    // campaigns with their own dialer account get their own connection (issue 11)
    return { dialer: new CampaignDialers(dialer), via: dialer.config.proxy };
  }
  const controlUrl = o.mockSipControlUrl ?? process.env.DIALDECK_MOCK_SIP_CONTROL_URL;
  return controlUrl
    ? { dialer: new MockSipDialer({ baseUrl: controlUrl }), via: controlUrl }
    : { dialer: undefined, via: null };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`DIALDECK_SIP_DIALER is not JSON: ${error instanceof Error ? error.message : error}`);
  }
}
