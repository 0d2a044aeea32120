/**
 * Settings pushed live (issue 13): a supervisor's change to what consoles show from the server — a campaign's
 * settings, the transfer directory, the Not ready reasons — reaches every operator it concerns as one numbered
 * `settingsChanged` message (core/operator-channel.ts), kept in the transaction of the change. So a console is never
 * told of a change that rolled back, and one whose link is down gets it on resume. Only operators with a live
 * session are told: anyone else reads the settings in their next `welcome`.
 */
import type { OperatorCampaign, ServerMessageInput } from '../../core/operator-channel';
import * as campaigns from '../store/campaigns';
import type { Sql } from '../store/db';
import * as notReadyReasons from '../store/not-ready-reasons';
import * as operators from '../store/operators';
import type { CampaignRow } from '../store/rows';
import * as directory from '../store/transfer-targets';
import { inWork, type EngineContext } from './work';

/** What a change touches: one campaign (its operators are told), the directory or the reasons (everyone is). */
export type SettingsChange = { campaignId: string } | { transferTargets: true } | { notReadyReasons: true };

/** A campaign as its operators' consoles know it (the `welcome`'s and `settingsChanged`'s campaigns). */
export function operatorCampaign(k: CampaignRow): OperatorCampaign {
  const s = k.settings;
  return {
    id: k.id,
    name: k.name,
    mode: s.mode,
    status: k.status,
    bcwSeconds: s.bcwSeconds,
    offerTimeoutSeconds: s.offerTimeoutSeconds,
    acwSeconds: s.acwSeconds,
    dispositions: s.dispositions,
    recording: s.recording,
    script: s.script,
    screenPop: s.screenPop,
  };
}

/**
 * Runs `write` in one unit of work and, in the same transaction, numbers a `settingsChanged` for every operator
 * with a live session that the change concerns. The message is read back after the write, so it carries what
 * was stored (defaults filled in), never what was asked for.
 */
export async function changeSettings<T>(
  ctx: EngineContext,
  change: SettingsChange,
  write: (tx: Sql) => Promise<T>,
): Promise<T> {
  return inWork(ctx, async (w) => {
    const result = await write(w.tx);
    const campaignId = 'campaignId' in change ? change.campaignId : null;
    // After the write: a campaign's operators may be what it changed.
    const recipients = await operators.withLiveSession(w.tx, campaignId);
    if (recipients.length === 0) return result;
    const body = await changedSettings(w.tx, change);
    if (!body) return result;
    // One object per operator: each is numbered in its own series.
    for (const operatorId of recipients) w.messages.push([operatorId, { type: 'settingsChanged', ...body }]);
    return result;
  });
}

async function changedSettings(
  tx: Sql,
  change: SettingsChange,
): Promise<Omit<Extract<ServerMessageInput, { type: 'settingsChanged' }>, 'type'> | null> {
  if ('transferTargets' in change) return { transferTargets: await directory.list(tx) };
  if ('notReadyReasons' in change) return { notReadyReasons: await notReadyReasons.list(tx) };
  const k = await campaigns.byId(tx, change.campaignId);
  return k ? { campaigns: [operatorCampaign(k)] } : null;
}
