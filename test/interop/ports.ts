/**
 * The interop lab's ports: one range, 25060–25219 on 127.0.0.1, so a developer can see at a glance what is
 * ours. It lies below Linux's ephemeral range (32768–60999), where Chromium's WebRTC sockets and every
 * "port 0" server land, so nothing else grabs one of our ports by chance. The suite runs inside a loopback-only network namespace (scripts/loopback-only.mjs), so two suites on
 * one machine do not collide; `DIALDECK_INTEROP_PORT_BASE` moves the whole range for a stack started by hand
 * next to another one.
 */
export const DEFAULT_PORT_BASE = 25060;
export const PORT_RANGE_SIZE = 160;

/** Every port the lab binds, for the "is a previous stack still shutting down?" check. */
export function allPorts(plan: PortPlan): { udp: number[]; tcp: number[] } {
  const udp = [
    plan.sip,
    plan.rtpengineNg,
    ...plan.baresipSip,
    ...Object.values(plan.linphoneSip),
    ...Object.values(plan.sippSip),
    ...Object.values(plan.sippMedia).flatMap((p) => [p, p + 1, p + 2, p + 3]),
  ];
  const tcp = [
    plan.sip,
    plan.ws,
    plan.wsRelay,
    plan.tls,
    plan.wss,
    ...plan.baresipSip,
    ...plan.baresipControl,
  ];
  return { udp, tcp };
}

export type PortPlan = ReturnType<typeof portPlan>;

export function portPlan(base = Number(process.env.DIALDECK_INTEROP_PORT_BASE ?? DEFAULT_PORT_BASE)) {
  if (!Number.isInteger(base) || base < 1024 || base + PORT_RANGE_SIZE > 65535) {
    throw new Error(
      `DIALDECK_INTEROP_PORT_BASE must be an integer port between 1024 and ${65535 - PORT_RANGE_SIZE}`,
    );
  }
  return {
    base,
    /** Kamailio SIP over UDP and TCP. */
    sip: base,
    /** Kamailio SIP over WebSocket: ws://127.0.0.1:<ws>/ws */
    ws: base + 1,
    /** Kamailio SIP over TLS (the SIP dialer's TLS test; lab-tls.ts makes its certificate). */
    tls: base + 19,
    /** Kamailio SIP over secure WebSocket: wss://127.0.0.1:<wss>/ws (the SIP dialer's WSS test; same certificate). */
    wss: base + 29,
    /** rtpengine's ng control protocol (UDP), Kamailio talks to it. */
    rtpengineNg: base + 2,
    /** The test's TCP relay in front of Kamailio's WebSocket port (ws-relay.ts), which can cut the app off. */
    wsRelay: base + 3,
    /** baresip customers' SIP ports, two apart because baresip also binds TLS on port + 1. */
    baresipSip: [base + 4, base + 6, base + 8] as const,
    /** linphone phones' SIP ports (UDP only): the transferee customer and the supervisor's desk phone. */
    linphoneSip: { transferee: base + 10, supervisor: base + 11 },
    /** linphone RTP/RTCP pairs, two calls each (an attended transfer briefly holds two). */
    linphoneRtp: {
      transferee: [base + 12, base + 15] as const,
      supervisor: [base + 16, base + 19] as const,
    },
    /** baresip customers' ctrl_tcp (netstring JSON) ports. */
    baresipControl: [base + 20, base + 21, base + 22] as const,
    /** sipp customers' SIP ports, one per scenario. */
    sippSip: {
      busy: base + 30,
      decline: base + 31,
      noAnswer: base + 32,
      notFound: base + 33,
      echo: base + 34,
      sessionRefresh: base + 35,
      refreshRefused: base + 36,
      customerRefreshes: base + 37,
      silentRefresher: base + 38,
    },
    /** sipp customers' media ports (sipp also uses port + 2 for video), four apart. */
    sippMedia: {
      busy: base + 40,
      decline: base + 44,
      noAnswer: base + 48,
      notFound: base + 52,
      echo: base + 56,
      // The session-timer customers: 23–26 is a gap of the plan, 80–99 is theirs.
      sessionRefresh: base + 80,
      refreshRefused: base + 84,
      customerRefreshes: base + 23,
      silentRefresher: base + 88,
    },
    /** baresip RTP ports. */
    baresipRtp: [base + 60, base + 79] as const,
    /** rtpengine media ports (both legs of every call). */
    rtpengineMedia: [base + 100, base + PORT_RANGE_SIZE - 1] as const,
  };
}
