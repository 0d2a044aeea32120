/** No contact in front of the operator: says why (not connected, Not ready) or that the next one is awaited. */
import type { CampaignSession } from '../../core/contract';

export function IdlePanel({ session }: { session: CampaignSession }) {
  if (session.connection.status !== 'connected' && session.connection.status !== 'reconnecting') {
    return (
      <p className="console-idle" data-panel-focus>
        Not connected to the campaign server.
      </p>
    );
  }
  if (!session.status.ready)
    return (
      <p className="console-idle" data-panel-focus>
        You are Not ready: no contacts are offered. Press Ready when you are.
      </p>
    );
  return (
    <p className="console-idle" data-testid="waiting" data-panel-focus>
      Ready — waiting for the next contact…
    </p>
  );
}
