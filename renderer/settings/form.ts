/**
 * The settings form as the operator edits it (text fields hold strings), and its conversion to a settings
 * patch with the same zod schema the host applies, so messages appear before saving. Messages are keyed by
 * the settings path (`sip.uri`, `ice.servers.0.urls`), the same paths the host's BAD_ARGUMENT errors name.
 */
import {
  applySettingsPatch,
  SettingsPatchSchema,
  type Settings,
  type SettingsPatch,
} from '../../core/settings';
import { ZodError } from 'zod';
import { withoutLocked } from '../../core/policy-settings';

export type IceServerForm = { urls: string; username: string; credential: string };

export type SettingsForm = {
  websocketUrls: string[];
  uri: string;
  authorizationUser: string;
  displayName: string;
  registerExpires: string;
  iceServers: IceServerForm[];
  gatheringTimeoutMs: string;
  dtmfMode: Settings['dtmf']['mode'];
  dtmfDurationMs: string;
  dtmfGapMs: string;
  sessionTimersEnabled: boolean;
  sessionExpires: string;
  campaignMode: Settings['campaignServer']['mode'];
  campaignUrl: string;
  operatorLogin: string;
  // proxy (issue 10)
  proxyMode: Settings['proxy']['mode'];
  proxyServer: string;
  /** One bypass rule per line (commas are taken too, as Chromium writes them). */
  proxyBypass: string;
  proxyPacUrl: string;
  // the CRM allowlist (issue 13.7)
  /** One host per line (commas are taken too). */
  screenPopHosts: string;
};

export type FieldErrors = Record<string, string>;

/** The form's own words for a bad value (beside the schemas'); `field-messages.ts` translates them. */
export const FORM_MESSAGES = {
  wholeNumber: 'must be a whole number',
  campaignUrlNeeded: 'needed when the campaign server is shared',
} as const;

export function formFromSettings(s: Settings): SettingsForm {
  return {
    websocketUrls: s.sip.websocketUrls.length ? [...s.sip.websocketUrls] : [''],
    uri: s.sip.uri,
    authorizationUser: s.sip.authorizationUser,
    displayName: s.sip.displayName,
    registerExpires: String(s.sip.registerExpires),
    iceServers: s.ice.servers.map((i) => ({
      urls: i.urls.join(' '),
      username: i.username ?? '',
      credential: i.credential ?? '',
    })),
    gatheringTimeoutMs: String(s.ice.gatheringTimeoutMs),
    dtmfMode: s.dtmf.mode,
    dtmfDurationMs: String(s.dtmf.durationMs),
    dtmfGapMs: String(s.dtmf.interToneGapMs),
    sessionTimersEnabled: s.sessionTimers.enabled,
    sessionExpires: String(s.sessionTimers.expiresSeconds),
    campaignMode: s.campaignServer.mode,
    campaignUrl: s.campaignServer.url,
    operatorLogin: s.campaignServer.operatorLogin,
    proxyMode: s.proxy.mode,
    proxyServer: s.proxy.server,
    proxyBypass: s.proxy.bypass.join('\n'),
    proxyPacUrl: s.proxy.pacUrl,
    screenPopHosts: s.screenPop.allowedHosts.join('\n'),
  };
}

/** Builds the patch and checks it; `errors` is empty when the host should accept it. */
export function patchFromForm(
  form: SettingsForm,
  current: Settings,
  /** Fields IT has locked: left out, so the host (which refuses writes to them) accepts the rest. */
  locked: readonly string[] = [],
): { patch: SettingsPatch; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const int = (path: string, text: string): number => {
    const n = Number(text.trim());
    if (text.trim() === '' || !Number.isInteger(n)) errors[path] = FORM_MESSAGES.wholeNumber;
    return n;
  };
  const full: SettingsPatch = {
    sip: {
      websocketUrls: form.websocketUrls.map((u) => u.trim()).filter((u) => u !== ''),
      uri: form.uri.trim(),
      authorizationUser: form.authorizationUser.trim(),
      displayName: form.displayName.trim(),
      registerExpires: int('sip.registerExpires', form.registerExpires),
    },
    ice: {
      servers: form.iceServers.map((i) => ({
        urls: i.urls.split(/[\s,]+/).filter((u) => u !== ''),
        ...(i.username.trim() ? { username: i.username.trim() } : {}),
        ...(i.credential ? { credential: i.credential } : {}),
      })),
      gatheringTimeoutMs: int('ice.gatheringTimeoutMs', form.gatheringTimeoutMs),
    },
    dtmf: {
      mode: form.dtmfMode,
      durationMs: int('dtmf.durationMs', form.dtmfDurationMs),
      interToneGapMs: int('dtmf.interToneGapMs', form.dtmfGapMs),
    },
    sessionTimers: {
      enabled: form.sessionTimersEnabled,
      expiresSeconds: int('sessionTimers.expiresSeconds', form.sessionExpires),
    },
    campaignServer: {
      mode: form.campaignMode,
      url: form.campaignUrl.trim(),
      operatorLogin: form.operatorLogin.trim(),
    },
    proxy: {
      mode: form.proxyMode,
      server: form.proxyServer.trim(),
      bypass: form.proxyBypass
        .split(/[\n,]+/)
        .map((r) => r.trim())
        .filter((r) => r !== ''),
      pacUrl: form.proxyPacUrl.trim(),
    },
    screenPop: { allowedHosts: linesOf(form.screenPopHosts) },
  };
  const patch = withoutLocked(full, locked);
  if (form.campaignMode === 'remote' && form.campaignUrl.trim() === '') {
    errors['campaignServer.url'] = FORM_MESSAGES.campaignUrlNeeded;
  }
  const parsed = SettingsPatchSchema.safeParse(patch);
  if (!parsed.success) addIssues(errors, parsed.error.issues);
  else {
    try {
      applySettingsPatch(current, parsed.data);
    } catch (err) {
      if (err instanceof ZodError) addIssues(errors, err.issues);
      else throw err;
    }
  }
  return { patch, errors };
}

function addIssues(errors: FieldErrors, issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>) {
  for (const issue of issues) {
    const key = fieldKey(issue.path.map(String).join('.'));
    errors[key] ??= issue.message;
  }
}

/**
 * `ice.servers.0.urls.1` → `ice.servers.0.urls`, `proxy.bypass.2` → `proxy.bypass` (and the CRM allowlist's
 * hosts): one message per input, not per list item inside it.
 */
function fieldKey(path: string): string {
  return path.replace(/^(ice\.servers\.\d+\.urls|proxy\.bypass|screenPop\.allowedHosts)\.\d+$/, '$1');
}

/** A list typed one per line (or comma-separated, as pasted from elsewhere), blanks dropped. */
function linesOf(text: string): string[] {
  return text
    .split(/[\n,]+/)
    .map((r) => r.trim())
    .filter((r) => r !== '');
}

/** Reads a host BAD_ARGUMENT message (`updateSettings: sip.uri: must …; dtmf.mode: …`) back into fields. */
export function errorsFromHost(message: string): FieldErrors {
  const errors: FieldErrors = {};
  const body = message.replace(/^\w+: /, '');
  for (const part of body.split('; ')) {
    const m = /^([\w.]+): (.+)$/.exec(part);
    if (m) errors[fieldKey(m[1]!)] ??= m[2]!;
  }
  if (Object.keys(errors).length === 0) errors.form = message;
  return errors;
}
