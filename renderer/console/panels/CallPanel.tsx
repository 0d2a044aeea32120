/**
 * CALLING, AWAITING_FREE_OPERATOR and CALL_IN_PROGRESS: one panel, so the call controls (and the digits sent)
 * stay put when the server's CALL_IN_PROGRESS arrives a moment after the phone has connected.
 */
import { isContactState } from '../../../core/states';
import { nextState } from '../../../core/transitions';
import { callConnected } from '../operator-actions';
import { CallingPanel } from './CallingPanel';
import { InCallPanel } from './InCallPanel';
import type { PanelProps } from './panel-props';

/** The server counts the call as up once the contact can take `hangup`. */
function serverSaysCallUp(state: string): boolean {
  return isContactState(state) && nextState(state, 'hangup') !== null;
}

export function CallPanel(props: PanelProps) {
  const up = serverSaysCallUp(props.current.view.state) || callConnected(props.call);
  return up ? <InCallPanel {...props} /> : <CallingPanel {...props} />;
}
