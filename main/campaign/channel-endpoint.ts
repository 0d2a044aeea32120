/** Where the operator channel connects and as whom, or why it cannot (the console shows that reason). */

import type { ConnectionProblem } from '../../core/contract';

/** Resolved afresh on every (re)connect so settings changes apply. */
export type ChannelEndpoint = {
  mode: 'embedded' | 'remote';
  /** http(s)://host:port of the campaign server. */
  serverUrl: string;
  login: string;
  token: string;
};

export type EndpointResolution =
  | { ok: true; endpoint: ChannelEndpoint }
  | { ok: false; mode: 'embedded' | 'remote'; problem: ConnectionProblem };
