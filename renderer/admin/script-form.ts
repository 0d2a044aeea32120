/**
 * The campaign script and CRM screen-pop fields as the supervisor types them (issue 13.6, 13.7), shared by the
 * create form and the editor of an existing campaign, and checked with core's schema before anything is sent.
 */
import {
  CampaignScriptViewSchema,
  type CampaignScriptView,
  type ScreenPopMoment,
} from '../../core/campaign-script';

export type ScriptForm = {
  script: string;
  /** Empty means no screen-pop. */
  screenPopUrl: string;
  screenPopOn: ScreenPopMoment;
};
export type ScriptFormField = keyof ScriptForm;

export function scriptForm(view: CampaignScriptView): ScriptForm {
  return {
    script: view.script,
    screenPopUrl: view.screenPop?.urlTemplate ?? '',
    screenPopOn: view.screenPop?.on ?? 'offer',
  };
}

/** The fields as the API takes them: an empty URL means no screen-pop. */
export function scriptSettings(f: ScriptForm): CampaignScriptView {
  return {
    script: f.script,
    screenPop: f.screenPopUrl.trim() ? { urlTemplate: f.screenPopUrl.trim(), on: f.screenPopOn } : null,
  };
}

export type ScriptFormResult =
  { ok: true; change: CampaignScriptView } | { ok: false; field: ScriptFormField; message: string };

export function checkScriptForm(f: ScriptForm): ScriptFormResult {
  const parsed = CampaignScriptViewSchema.safeParse(scriptSettings(f));
  if (parsed.success) return { ok: true, change: parsed.data };
  const issue = parsed.error.issues[0]!;
  const [head, next] = issue.path;
  const field: ScriptFormField =
    head === 'screenPop' ? (next === 'on' ? 'screenPopOn' : 'screenPopUrl') : 'script';
  return { ok: false, field, message: issue.message };
}
