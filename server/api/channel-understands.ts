/**
 * What an operator-channel client may be sent, by what its `hello` says it `understands` (core/operator-channel.ts):
 * a message type added since version 2 reaches only a client that names it, and a `do_not_call` disposition kind
 * is worded `success` for a client that does not read it (the code still blacklists when the operator picks it).
 * The engine keeps one message for every client; this shapes it for the one on the socket.
 */
import {
  ADDED_MESSAGE_TYPES,
  DO_NOT_CALL_KIND,
  type DispositionOption,
  type ServerMessageInput,
} from '../../core/operator-channel';

const added: ReadonlySet<string> = new Set(ADDED_MESSAGE_TYPES);

/** The campaign as this client can read it. */
export function campaignForClient<K extends { dispositions: DispositionOption[] }>(
  k: K,
  understands: ReadonlySet<string>,
): K {
  if (understands.has(DO_NOT_CALL_KIND)) return k;
  return {
    ...k,
    dispositions: k.dispositions.map((d) =>
      d.kind === 'do_not_call' ? { ...d, kind: 'success' as const } : d,
    ),
  };
}

/** The message as this client can read it; null when it must not reach this client at all. */
export function messageForClient(
  m: ServerMessageInput,
  understands: ReadonlySet<string>,
): ServerMessageInput | null {
  if (added.has(m.type) && !understands.has(m.type)) return null;
  if (m.type === 'settingsChanged' && m.campaigns)
    return { ...m, campaigns: m.campaigns.map((k) => campaignForClient(k, understands)) };
  return m;
}
