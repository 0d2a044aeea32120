/**
 * Trunk limits: how many more calls a trunk takes now. Carriers sell a number of channels (concurrent lines)
 * and cap call attempts per second; a campaign may have its own share of lines. Pacing places at most this
 * many calls, so no limit is ever exceeded however many calls pacing would like.
 */
export interface TrunkLimits {
  /** Concurrent lines on the whole trunk (server-wide). */
  maxLines?: number;
  /** Concurrent lines this campaign may hold. */
  campaignMaxLines?: number;
  /** Call attempts per second the carrier accepts. */
  callsPerSecond?: number;
}

export interface TrunkUse {
  /** Now, in ms. */
  now: number;
  /** Calls up or ringing on the trunk. */
  linesInUse: number;
  /** Of those, this campaign's. */
  campaignLinesInUse: number;
  /** When recent attempts started (ms, any order); older than the rate window are ignored. */
  recentStarts: readonly number[];
  limits: TrunkLimits;
}

/**
 * The rate limit counts attempts in a sliding window of one second, or of one attempt's interval when the
 * rate is below one per second (0.5/s: one attempt per 2 s).
 */
export function rateWindowMs(callsPerSecond: number): number {
  return Math.max(1000, 1000 / callsPerSecond);
}

/** Calls that may start now: the smallest room left under each limit that is set (Infinity when none is). */
export function roomForCalls(use: TrunkUse): number {
  const { limits } = use;
  let room = Infinity;
  if (limits.maxLines !== undefined) room = Math.min(room, limits.maxLines - use.linesInUse);
  if (limits.campaignMaxLines !== undefined)
    room = Math.min(room, limits.campaignMaxLines - use.campaignLinesInUse);
  if (limits.callsPerSecond !== undefined) {
    const windowMs = rateWindowMs(limits.callsPerSecond);
    const inWindow = use.recentStarts.filter((t) => t > use.now - windowMs).length;
    const allowed = Math.max(1, Math.floor((limits.callsPerSecond * windowMs) / 1000));
    room = Math.min(room, allowed - inWindow);
  }
  return Math.max(0, room);
}
