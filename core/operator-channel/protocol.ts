/** The channel's path, its protocol version and the SIP header predictive calls carry. */
export const OPERATOR_CHANNEL_PATH = '/api/v1/operator-channel';
/**
 * The protocol's major version: bumped when a message changes so that the other side would misread it (2:
 * operator actions named as in core/operator-actions.ts). Additions an older peer can ignore keep it. The
 * client sends it in `hello`; the server refuses any major but its own with `protocol_version`.
 */
export const OPERATOR_CHANNEL_PROTOCOL_VERSION = 2;

/** The server's refusal of a client speaking another major version, in the operator's words; null if it may talk. */
export function protocolVersionProblem(clientVersion: number): string | null {
  const server = OPERATOR_CHANNEL_PROTOCOL_VERSION;
  if (clientVersion === server) return null;
  const which = clientVersion < server ? 'too old' : 'too new';
  const fix = clientVersion < server ? 'update Dialdeck on this workstation' : 'update the campaign server';
  return `This Dialdeck is ${which} for the campaign server (operator channel protocol ${clientVersion}, the server speaks ${server}): ${fix}.`;
}

/** SIP header that carries the contact id on predictive calls the PBX delivers to the operator. */
export const CONTACT_ID_HEADER = 'X-Dialdeck-Contact-Id';
