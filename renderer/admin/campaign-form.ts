/**
 * The create-campaign form as the text its fields hold. It starts from the defaults of the schema in
 * core/campaign.ts (nothing is typed again here) and goes back through the same schema, so a bad value is
 * refused, naming its field, before anything is sent; settings the form does not show take the schema's
 * defaults.
 */
import { apiProblem, fieldProblem, type ApiProblem } from '../../core/api-problem';
import {
  CAMPAIGN_FORMATS,
  CallingHoursSchema,
  NUL_REFUSED,
  CampaignCreateSchema,
  CampaignSettingsSchema,
  type CampaignCreate,
  type CampaignMode,
  type DispositionOption,
} from '../../core/campaign';
import type { RecordingMode } from '../../core/recording';
import { scriptForm, scriptSettings, type ScriptForm } from './script-form';

export type CampaignForm = {
  name: string;
  mode: CampaignMode;
  bcwSeconds: string;
  offerTimeoutSeconds: string;
  /** Empty means no ACW limit. */
  acwSeconds: string;
  maxAttempts: string;
  hoursOn: boolean;
  start: string;
  end: string;
  timeZone: string;
  defaultRegion: string;
  abandonPct: string;
  /** One per line: `code | label | success, callback or do_not_call`. */
  dispositions: string;
  /** Operator logins, comma-separated. */
  operators: string;
  // call recording (issue 13.8)
  recordingMode: RecordingMode;
  consentNotice: string;
  // campaign script and CRM screen-pop (issue 13.6, 13.7): script-form.ts
  // Issue 13.2: owned callbacks.
  callbackReminderSeconds: string;
  callbackGraceSeconds: string;
} & ScriptForm;
export type CampaignFormField = keyof CampaignForm;

export type CampaignFormResult =
  | { ok: true; campaign: CampaignCreate }
  /** `problem` as the Public API would answer it (core/api-problem.ts), its field named as the form's. */
  | { ok: false; field: CampaignFormField; problem: ApiProblem };

const defaults = CampaignSettingsSchema.parse({});
const defaultHours = CallingHoursSchema.parse({});

function dispositionLines(list: readonly DispositionOption[]): string {
  return list.map((d) => `${d.code} | ${d.label} | ${d.kind}`).join('\n');
}

/**
 * The form as it opens: the schema's defaults, except the time zone, which is the supervisor's own (the
 * schema's UTC is right for an API client, rarely for a person), and the operators, which start with the one
 * at this workstation.
 */
export function campaignFormDefaults(localOperator: string, timeZone: string): CampaignForm {
  return {
    name: '',
    mode: defaults.mode,
    bcwSeconds: String(defaults.bcwSeconds),
    offerTimeoutSeconds: String(defaults.offerTimeoutSeconds),
    acwSeconds: defaults.acwSeconds === null ? '' : String(defaults.acwSeconds),
    maxAttempts: String(defaults.retry.maxAttempts),
    hoursOn: defaults.callingHours !== null,
    start: (defaults.callingHours ?? defaultHours).start,
    end: (defaults.callingHours ?? defaultHours).end,
    timeZone: timeZone || defaults.timeZone,
    defaultRegion: defaults.defaultRegion,
    abandonPct: String(Number((defaults.predictive.abandonRateLimit * 100).toFixed(4))),
    dispositions: dispositionLines(defaults.dispositions),
    operators: localOperator,
    recordingMode: defaults.recording.mode,
    consentNotice: defaults.recording.consentNotice,
    ...scriptForm(defaults),
    callbackReminderSeconds: String(defaults.callbacks.reminderSeconds),
    callbackGraceSeconds: String(defaults.callbacks.graceSeconds),
  };
}

function parseDispositions(text: string): DispositionOption[] {
  return text
    .split('\n')
    .map((line) => line.split('|').map((p) => p.trim()))
    .filter((p) => p[0])
    .map(([code, label, kind]) => ({
      code: code!,
      label: label || code!,
      kind: kind === 'callback' || kind === 'do_not_call' ? kind : ('success' as const),
    }));
}

/** Which form field a schema path comes from. */
function fieldOf(path: readonly PropertyKey[]): CampaignFormField {
  const [head, next] = path;
  if (head === 'retry') return 'maxAttempts';
  if (head === 'predictive') return 'abandonPct';
  if (head === 'callingHours') return next === 'end' ? 'end' : 'start';
  if (head === 'recording') return next === 'consentNotice' ? 'consentNotice' : 'recordingMode';
  if (head === 'screenPop') return next === 'on' ? 'screenPopOn' : 'screenPopUrl';
  if (head === 'callbacks')
    return next === 'graceSeconds' ? 'callbackGraceSeconds' : 'callbackReminderSeconds';
  return head as CampaignFormField;
}

const numberFields = [
  'bcwSeconds',
  'offerTimeoutSeconds',
  'maxAttempts',
  'abandonPct',
  'callbackReminderSeconds',
  'callbackGraceSeconds',
] as const;

export function campaignFromForm(f: CampaignForm): CampaignFormResult {
  for (const field of [...numberFields, 'acwSeconds' as const]) {
    const text = f[field].trim();
    if (field === 'acwSeconds' && text === '') continue;
    if (text === '' || !Number.isFinite(Number(text)))
      return { ok: false, field, problem: apiProblem('field_not_a_number', { field }) };
  }
  const sent = {
    name: f.name,
    mode: f.mode,
    bcwSeconds: Number(f.bcwSeconds),
    offerTimeoutSeconds: Number(f.offerTimeoutSeconds),
    acwSeconds: f.acwSeconds.trim() === '' ? null : Number(f.acwSeconds),
    timeZone: f.timeZone,
    defaultRegion: f.defaultRegion,
    dispositions: parseDispositions(f.dispositions),
    retry: { maxAttempts: Number(f.maxAttempts) },
    callingHours: f.hoursOn ? { start: f.start, end: f.end } : null,
    predictive: { abandonRateLimit: Number(f.abandonPct) / 100 },
    callbacks: {
      reminderSeconds: Number(f.callbackReminderSeconds),
      graceSeconds: Number(f.callbackGraceSeconds),
    },
    operators: f.operators
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    recording: { mode: f.recordingMode, consentNotice: f.consentNotice },
    ...scriptSettings(f),
  };
  const parsed = CampaignCreateSchema.safeParse(sent);
  if (parsed.success) return { ok: true, campaign: parsed.data };
  const issue = parsed.error.issues[0]!;
  const field = fieldOf(issue.path);
  const problem = fieldProblem(issue, sent, NUL_REFUSED, CAMPAIGN_FORMATS);
  return { ok: false, field, problem: { ...problem, params: { ...problem.params, field } } };
}
