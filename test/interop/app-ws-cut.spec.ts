/**
 * The WebSocket cut mid-call (issue 12, item 1), against the real stack: a TCP relay between the app and
 * Kamailio drops every connection at once and turns new ones away for a few seconds, as a Wi-Fi or VPN change
 * does. The operator sees "Reconnecting…", the phone reconnects (a new flow), registers again with the same
 * +sip.instance and reg-id, and restarts ICE with a re-INVITE; audio comes back both ways. Kamailio runs the
 * outbound module (RFC 5626), so a request from the far end afterwards reaches the app over its NEW connection.
 */
import { callPanel } from './app';
import { expect, test } from './fixtures';
import {
  callWithAudio,
  expectAudioBothWays,
  longestDeadAirMs,
  reconnectingAlert,
  recoveredAt,
} from './net-recovery';

/** Long enough for JsSIP to fail at least one reconnect (the reconnect timer tries every 1–3 s). */
const REFUSE_MS = 3_000;

test('the WebSocket is cut mid-call: "Reconnecting…", audio back both ways, and the customer\'s BYE comes down the new connection', async ({
  stack,
  labBrowser,
  rendererDir,
  wsRelay,
}) => {
  const call = await callWithAudio(stack, labBrowser, rendererDir, wsRelay.wsUrl);
  const { page, customer } = call;
  try {
    const cutAt = Date.now();
    wsRelay.cut(REFUSE_MS);
    await expect(reconnectingAlert(page)).toBeVisible({ timeout: 5_000 });
    const recovered = await recoveredAt(page);
    await expect(reconnectingAlert(page)).toHaveCount(0);
    await expect(callPanel(page)).toHaveAttribute('data-state', 'connected');
    await expectAudioBothWays(call);
    // The media path never went through the relay: the gap, if any, is the ICE restart's.
    console.log(
      `WebSocket cut mid-call (refused for ${REFUSE_MS} ms) → recovered ${recovered - cutAt} ms after the cut; ` +
        `longest gap in the audio the operator received ${await longestDeadAirMs(page)} ms ` +
        `(relay + Kamailio + rtpengine + baresip)`,
    );
    // The app came back on a connection of its own; nothing is carried over the cut ones.
    const after = wsRelay.openedSince(cutAt);
    expect(after.length).toBeGreaterThan(0);
    const current = after.at(-1)!;
    expect(current.closedAt).toBeNull();

    // The far end ends the call: its BYE follows the dialog's route set to Kamailio, whose flow token names
    // the dead connection; Kamailio sends it down the phone's new flow instead, and the app ends the call.
    const flowLines = () =>
      (stack.logs().kamailio?.match(/flow \S+ is gone: BYE to the phone's new flow/g) ?? []).length;
    const flowLinesBefore = flowLines();
    await customer.hangup();
    await expect(callPanel(page)).toBeHidden({ timeout: 10_000 });
    await expect(page.getByTestId('last-call')).toBeVisible();
    expect(current.requestsToApp.filter((r) => r.startsWith('BYE '))).toHaveLength(1);
    expect(
      wsRelay.connections
        .filter((c) => c !== current)
        .flatMap((c) => c.requestsToApp.filter((r) => r.startsWith('BYE '))),
    ).toEqual([]);
    // It was the flow token that brought the BYE to Kamailio's door, and the phone's new binding that took it on.
    expect(flowLines()).toBe(flowLinesBefore + 1);
  } finally {
    await call.app.stop();
  }
});
