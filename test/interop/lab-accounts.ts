/**
 * Who and what the interop lab knows: its domain, the operators' and the dialer's accounts (Kamailio's digest
 * auth), the numbers that reach each kind of customer, and the tones that tell the sides apart in a recording.
 */
export const DOMAIN = '127.0.0.1';

/** Operator accounts Kamailio knows (digest auth). */
export const OPERATORS = {
  alice: { user: '1001', password: 'alice-secret-1001' },
  bob: { user: '1002', password: 'bob-secret-1002' },
} as const;

/**
 * A supervisor's desk phone (linphone), registered on Kamailio like any extension: the target of an attended
 * transfer, because it honours an INVITE with RFC 3891 Replaces (baresip 1.0 does not).
 */
export const SUPERVISOR = { user: '1003', password: 'carol-secret-1003' } as const;

/**
 * The campaign server's SIP dialer (issue 11): an account like the operators', but reaching Kamailio over TCP,
 * where every new INVITE is challenged and its customer legs keep rtpengine out (plain RTP on both ends).
 */
export const DIALER = { user: 'dialer', password: 'dialer-secret-9000' } as const;

/**
 * A campaign's own dialer account (issue 11, per-campaign accounts): another subscriber on Kamailio, challenged
 * like `DIALER`, so a campaign that names it registers and places its calls as this account while other
 * campaigns keep the server-wide `DIALER`.
 */
export const CAMPAIGN_DIALER = { user: 'sales', password: 'sales-secret-9100' } as const;

/** Every account the SIP dialer may use on the lab: Kamailio knows a dialer's new requests by these users. */
export const DIALER_ACCOUNTS = [DIALER, CAMPAIGN_DIALER] as const;

/** What the operator dials to reach each kind of customer. */
export const NUMBERS = {
  /** baresip: answers at once, plays a 440 Hz tone, records what it hears. */
  tone: '2001',
  /** sipp: 486 Busy Here. */
  busy: '3486',
  /** sipp: 603 Decline. */
  decline: '3603',
  /** sipp: 180 Ringing, never answers. */
  noAnswer: '3180',
  /** sipp: 404 Not Found from the far end. */
  notFound: '3404',
  /** sipp: answers and echoes the RTP back. */
  echo: '3200',
  /** sipp: answers with Session-Expires: 90;refresher=uac, and answers the dialer's refreshes (RFC 4028). */
  sessionRefresh: '3090',
  /** sipp: like sessionRefresh, but refuses the first refresh with 481. */
  refreshRefused: '3481',
  /** sipp: answers with Session-Expires: 90;refresher=uas and refreshes the session itself 5 s later. */
  customerRefreshes: '3091',
  /** sipp: answers with Session-Expires: 90;refresher=uas and never refreshes (the session expires at 60 s). */
  silentRefresher: '3092',
  /** Nobody: Kamailio itself answers 404. */
  nobody: '9999',
  /** baresip: the abandoned-call announcement (answers, plays ANNOUNCEMENT_TONE_HZ). */
  announcement: '4000',
  /**
   * linphone: answers at once, plays CUSTOMER_TONE_HZ, records; as the transferee of an attended transfer it
   * sends the INVITE with RFC 3891 Replaces that the Refer-To asks for.
   */
  transferee: '2002',
  /** The supervisor's desk phone (SUPERVISOR), found through its registration rather than the trunk table. */
  supervisor: SUPERVISOR.user,
} as const;

/**
 * The same customers as E.164 numbers (London 020 7100 xxxx), as a campaign's contact list holds them: the
 * campaign server's dialer sends `+442071002001`, Kamailio's trunk table routes it like `2001`.
 */
export const e164 = (n: string) => `+44207100${n}`;

/** How long Kamailio lets NUMBERS.noAnswer ring before it gives up with 408. */
export const NO_ANSWER_RING_MS = 8000;

/** The tone baresip customers play, and the one the lab's fake microphone plays, so each side is recognisable. */
export const CUSTOMER_TONE_HZ = 440;
export const OPERATOR_TONE_HZ = 1000;
/** What the announcement endpoint "says": a tone of its own, so a customer's recording shows they heard it. */
export const ANNOUNCEMENT_TONE_HZ = 600;
/** What the supervisor's desk phone plays, so the transferred customer's recording shows who they talk to. */
export const SUPERVISOR_TONE_HZ = 800;
