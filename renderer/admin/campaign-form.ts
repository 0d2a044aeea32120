/**
 * The create-campaign form as the text its fields hold. It starts from the defaults of the schema in
 * core/campaign.ts (nothing is typed again here) and goes back through the same schema, so a bad value is
 * refused, naming its field, before anything is sent; settings the form does not show take the schema's
 * defaults.
 */
import {
  CallingHoursSchema,
  CampaignCreateSchema,
  CampaignSettingsSchema,
  type CampaignCreate,
  type CampaignMode,
  type DispositionOption,
} from '../../core/campaign';

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
};
export type CampaignFormField = keyof CampaignForm;

export type CampaignFormResult =
  { ok: true; campaign: CampaignCreate } | { ok: false; field: CampaignFormField; message: string };

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
  return head as CampaignFormField;
}

const numberFields = ['bcwSeconds', 'offerTimeoutSeconds', 'maxAttempts', 'abandonPct'] as const;

export function campaignFromForm(f: CampaignForm): CampaignFormResult {
  for (const field of [...numberFields, 'acwSeconds' as const]) {
    const text = f[field].trim();
    if (field === 'acwSeconds' && text === '') continue;
    if (text === '' || !Number.isFinite(Number(text))) return { ok: false, field, message: 'enter a number' };
  }
  const parsed = CampaignCreateSchema.safeParse({
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
    operators: f.operators
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  });
  if (parsed.success) return { ok: true, campaign: parsed.data };
  const issue = parsed.error.issues[0]!;
  return { ok: false, field: fieldOf(issue.path), message: issue.message };
}
