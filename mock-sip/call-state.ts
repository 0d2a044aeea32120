/**
 * The states of a call mock-sip takes part in, and the only moves between them. Every part (customer, proxy,
 * originate) moves a call through `moveCall`; none assigns a state itself.
 *
 *   trying ──► ringing ──► answered ◄──► held
 *     └─────────────────────►┘
 *   every state but ended ──► ended (final)
 *
 * ringing → ringing: a 180 after a 183 (early media). answered → answered and held → held: a re-INVITE that
 * resumes, refreshes or holds again.
 */
export type CallState = 'trying' | 'ringing' | 'answered' | 'held' | 'ended';

export const callMoves: Readonly<Record<CallState, readonly CallState[]>> = {
  trying: ['ringing', 'answered', 'ended'],
  ringing: ['ringing', 'answered', 'ended'],
  answered: ['answered', 'held', 'ended'],
  held: ['held', 'answered', 'ended'],
  ended: [],
};

/** Moves the call to `to` if the table allows it. A refused move changes nothing and returns false. */
export function moveCall(call: { state: CallState }, to: CallState): boolean {
  if (!callMoves[call.state].includes(to)) return false;
  call.state = to;
  return true;
}
