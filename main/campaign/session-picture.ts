/**
 * The console's picture of the contact, moved by what the server says: an offer, a contact's new state, an
 * incoming predictive call, the operator's status, a result, changed settings. Pure: it returns the patch to the picture and the
 * events for the renderer; `OperatorSession` publishes them.
 */
import type { CampaignSession, EventPayload } from '../../core/contract';
import {
  NUMBERED_MESSAGE_TYPES,
  type ServerMessage,
  type ServerMessageOf,
} from '../../core/operator-channel';

/** The server messages that move the picture (the rest are the channel's own); the server numbers these. */
export type PictureMessage = ServerMessageOf<(typeof NUMBERED_MESSAGE_TYPES)[number]>;

export type PictureEvent =
  | { event: 'campaignDial'; payload: EventPayload<'campaignDial'> }
  | { event: 'campaignIncomingCall'; payload: EventPayload<'campaignIncomingCall'> };

const PICTURE_TYPES: ReadonlySet<string> = new Set(NUMBERED_MESSAGE_TYPES);

export function isPictureMessage(m: ServerMessage): m is PictureMessage {
  return PICTURE_TYPES.has(m.type);
}

export function followServer(
  state: CampaignSession,
  m: PictureMessage,
  now: number,
): { patch: Partial<CampaignSession> | null; event: PictureEvent | null } {
  switch (m.type) {
    case 'offer':
      return {
        patch: {
          current: {
            contact: m.contact,
            view: {
              contactId: m.contact.id,
              state: 'OPERATOR_ASSIGNED',
              attemptId: null,
              offerExpiresAt: m.offerExpiresAt,
              bcwEndsAt: null,
              acwEndsAt: null,
            },
          },
          lastError: null,
        },
        event: null,
      };
    case 'contactState': {
      const current = state.current;
      if (!current || current.contact.id !== m.contactId) return { patch: null, event: null };
      const { type: _type, seq: _seq, ...view } = m;
      return {
        patch: {
          current: {
            contact: current.contact,
            view: { ...view, attemptId: view.attemptId ?? current.view.attemptId },
          },
        },
        event: null,
      };
    }
    case 'dial':
      return {
        patch: null,
        event: {
          event: 'campaignDial',
          payload: { contactId: m.contactId, attemptId: m.attemptId, number: m.number },
        },
      };
    case 'incomingCampaignCall': {
      const { type: _type, seq: _seq, ...call } = m;
      return {
        patch: {
          current: {
            contact: m.contact,
            view: {
              contactId: m.contactId,
              // The server connects the customer; CALL_IN_PROGRESS follows once the bridge is up.
              state: state.current?.contact.id === m.contactId ? state.current.view.state : 'CALLING',
              attemptId: m.attemptId,
              offerExpiresAt: null,
              bcwEndsAt: null,
              acwEndsAt: null,
            },
          },
        },
        event: { event: 'campaignIncomingCall', payload: call },
      };
    }
    case 'operatorStatus':
      return {
        patch: {
          status: {
            ready: m.ready,
            reason: m.reason,
            reasonCode: m.reasonCode ?? null,
            reasonId: m.reasonId ?? null,
            since: m.since ?? null,
          },
        },
        event: null,
      };
    case 'result': {
      const mine = state.current?.contact.id === m.contactId;
      const c = mine ? state.current!.contact : null;
      return {
        patch: {
          current: mine ? null : state.current,
          lastResult: {
            contactId: m.contactId,
            name: c?.name ?? '',
            number: c?.number ?? '',
            finalState: m.finalState,
            reason: m.reason,
            reasonCode: m.reasonCode,
            at: new Date(now).toISOString(),
          },
        },
        event: null,
      };
    }
    case 'settingsChanged':
      return { patch: settingsPatch(state, m), event: null };
  }
}

/**
 * Issue 13, settings pushed live: the lists the server sent replace the console's. A campaign's new settings take
 * its place in the list (a new one joins it), so the script and the screen-pop template the console shows change
 * at once; a call already up keeps its recording mode (renderer/console/call-recordings.ts took it when the call
 * began) and its screen-pop (opened once per contact).
 */
function settingsPatch(
  state: CampaignSession,
  m: ServerMessageOf<'settingsChanged'>,
): Partial<CampaignSession> {
  const patch: Partial<CampaignSession> = {};
  if (m.transferTargets) patch.transferTargets = m.transferTargets;
  if (m.notReadyReasons) patch.notReadyReasons = m.notReadyReasons;
  if (m.campaigns) {
    const changed = new Map(m.campaigns.map((k) => [k.id, k]));
    const kept = state.campaigns.map((k) => changed.get(k.id) ?? k);
    const added = m.campaigns.filter((k) => !state.campaigns.some((c) => c.id === k.id));
    patch.campaigns = [...kept, ...added];
  }
  return patch;
}
