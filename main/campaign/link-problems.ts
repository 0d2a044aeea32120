/**
 * What the console says is wrong with the link to the campaign server, and how to fix it, in the operator's
 * words (`CampaignConnection.problem`).
 */

const because = (reason: string | null) => (reason ? ` (${reason})` : '');

/** Never welcomed yet: the address or the server is what to check. */
export function unreachableProblem(where: string, reason: string | null): string {
  return `Cannot reach the campaign server at ${where}${because(reason)}. Check that it runs and that the address in Settings → Campaign server is right; retrying.`;
}

/** Welcomed before, link lost, still within the server's grace period. */
export function reconnectingProblem(reason: string | null, graceMs: number): string {
  return `Reconnecting to the campaign server…${because(reason)} — your contact is kept for ${Math.round(graceMs / 1000)} s; a call goes on, and what happens meanwhile is sent when the link is back.`;
}

export function graceOverProblem(where: string): string {
  return `The campaign server at ${where} has been unreachable longer than its grace period: the contact you had goes back to the server's rules. Still retrying; check the network.`;
}

export function operatorRefusedProblem(login: string, message: string): string {
  return `The campaign server refused operator "${login}": ${message}. Check the operator login and token in Settings → Campaign server, then Retry.`;
}
