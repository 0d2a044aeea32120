/**
 * The operator channel: the WebSocket protocol between an operator's workstation (the app's host) and the
 * campaign server, at `/api/v1/operator-channel`. One JSON object per WebSocket text message, each with a
 * `type`; both directions are zod discriminated unions, parsed at the boundary on both ends.
 *
 *   host                                   server
 *    ── hello {protocolVersion, login, token, resumeToken?} ──►
 *    ◄── welcome {operator, campaigns, resumeToken, state}
 *    ── setReady ──►                         (routing picks a contact for this operator)
 *    ◄── offer {contact, offerExpiresAt}      contact OPERATOR_ASSIGNED
 *    ── acceptOffer {contactId} ──►
 *    ◄── contactState {BCW, bcwEndsAt}        preview; progressive skips BCW
 *    ◄── dial {contactId, attemptId, number}  at zero, or at once after callNow
 *    ── reportCallProgress / reportCallEnded / reportDialFailed ──►
 *    ◄── contactState {ACW, acwEndsAt?}
 *    ── submitAfterCallWork {disposition, note, callbackAt?} ──►
 *    ◄── result {contactId, finalState}
 * Predictive: the server originates; when the customer answers it sends `incomingCampaignCall` and the PBX
 * sends the operator an INVITE carrying `X-Dialdeck-Contact-Id`, which the app answers automatically.
 *
 * The server is the authority on contact state: the host reports what happened and never decides a state.
 * A dropped connection may `hello` again with the last `resumeToken` within `resumeGraceMs` and keeps its
 * contact; after the grace period the server reconciles the contact (see server/README.md).
 * Every client message may carry a `requestId`; an `error` caused by that message echoes it. Apart from
 * `hello`, `heartbeat` and `ack`, the client's messages are the operator actions of core/operator-actions.ts,
 * each its argument plus `type` (the action's name) and `requestId`.
 *
 * Redelivery is the server's job, not a careful client's. A client that sends `lastSeq` in `hello` speaks
 * numbered messages:
 *   - every server message that moves the operator's picture (offer, contactState, dial, incomingCampaignCall,
 *     operatorStatus, result, settingsChanged) carries `seq`, numbered per operator in the transaction that caused it and kept in
 *     the database until the client `ack`s it (cumulatively);
 *   - on a resumed `hello` the server (whichever instance) replays every kept message after `lastSeq`, in order,
 *     before any new one; the client ignores a `seq` it has already followed;
 *   - each action's `requestId` is its stable id: the server applies it once (a resent one is answered
 *     `received {duplicate: true}` and changes nothing) and answers `received` once it is applied, so the client
 *     keeps it, and sends it again after a resume, until then.
 * Older clients (no `lastSeq`) get none of this and see no new message types, so the major version stays 2.
 */
export * from './operator-channel/protocol';
export * from './operator-channel/shapes';
export * from './operator-channel/server-words';
export * from './operator-channel/client-messages';
export * from './operator-channel/server-messages';
export * from './operator-channel/parse';
