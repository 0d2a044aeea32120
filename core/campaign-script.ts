/**
 * The campaign script and the CRM screen-pop (issue 13, items 6 and 7): their settings, and how `{{field}}`
 * placeholders are filled from the contact.
 *
 * Filling never builds markup. The script's Markdown is parsed first (by the renderer) and only the text of the
 * parsed pieces goes through `fillPlaceholders`, which hands back pieces to show as plain text. A contact's value
 * therefore cannot become HTML, Markdown or another placeholder, whatever it holds. Values put into a URL are
 * percent-encoded by `fillUrlTemplate`, so they cannot change its host or add parameters.
 */
import { z } from 'zod';

export const SCRIPT_MAX_CHARS = 20_000;

export const SCREEN_POP_MESSAGES = {
  url: 'must be an http:// or https:// URL such as https://crm.example.com/contacts/{{externalId}}',
} as const;

/** When the CRM page opens: with the offer (the operator reads it before accepting) or once the customer answers. */
export const ScreenPopMomentSchema = z.enum(['offer', 'answer']);
export type ScreenPopMoment = z.infer<typeof ScreenPopMomentSchema>;

export const ScreenPopSchema = z.object({
  urlTemplate: z
    .string()
    .trim()
    .max(2000)
    .regex(/^https?:\/\/[^\s/?#]+\S*$/i, SCREEN_POP_MESSAGES.url),
  on: ScreenPopMomentSchema.default('offer'),
});
export type ScreenPop = z.infer<typeof ScreenPopSchema>;

/** What a placeholder can name: the contact's own fields, then its custom fields by their exact name. */
export type ScriptContact = {
  id: string;
  name: string;
  /** E.164. */
  number: string;
  externalId: string | null;
  customFields: Record<string, string>;
};

/** The contact's own fields by the names a script or a URL template uses. */
const ownFields: Record<string, (c: ScriptContact) => string | null> = {
  name: (c) => c.name || null,
  phone: (c) => c.number || null,
  externalId: (c) => c.externalId || null,
  contactId: (c) => c.id,
};

/** The value a placeholder stands for, or null when the contact has none (an unknown name, or an empty field). */
export function placeholderValue(contact: ScriptContact, field: string): string | null {
  // Own properties only: `{{constructor}}` must not reach Object.prototype.
  const own = Object.hasOwn(ownFields, field) ? ownFields[field] : undefined;
  if (own) return own(contact);
  const custom = Object.hasOwn(contact.customFields, field) ? contact.customFields[field] : undefined;
  return custom ? custom : null;
}

/** A piece of filled text: template text, a contact's value, or a placeholder the contact has no value for. */
export type ScriptPiece =
  | { kind: 'text'; text: string }
  | { kind: 'value'; field: string; text: string }
  | { kind: 'missing'; field: string };

/** `{{ field }}`: a custom field name may hold spaces, dots and dashes (core/campaign.ts's field names). */
const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_ .-]{0,63}?)\s*\}\}/g;

/** The names of the placeholders a template uses, in order, each once. */
export function placeholdersIn(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

/**
 * Splits template text into pieces, one pass over the template only: a value is never searched for
 * placeholders again, so `{{` inside a contact's value stays text.
 */
export function fillPlaceholders(text: string, contact: ScriptContact): ScriptPiece[] {
  const pieces: ScriptPiece[] = [];
  let at = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    if (m.index > at) pieces.push({ kind: 'text', text: text.slice(at, m.index) });
    const field = m[1]!;
    const value = placeholderValue(contact, field);
    pieces.push(value === null ? { kind: 'missing', field } : { kind: 'value', field, text: value });
    at = m.index + m[0].length;
  }
  if (at < text.length) pieces.push({ kind: 'text', text: text.slice(at) });
  return pieces;
}

export type FilledUrl = { url: string; missing: string[] };

/**
 * A URL template with every value percent-encoded (`+420…` becomes `%2B420…`, a `/`, `?` or `#` in a value stays
 * inside its path segment or parameter). A placeholder without a value becomes empty and is reported in `missing`.
 */
export function fillUrlTemplate(template: string, contact: ScriptContact): FilledUrl {
  const missing: string[] = [];
  const url = template.replace(PLACEHOLDER, (_whole, field: string) => {
    const value = placeholderValue(contact, field);
    if (value === null) missing.push(field);
    return encodeURIComponent(value ?? '');
  });
  return { url, missing };
}

/** Only http and https pages are ever opened from a script or a screen-pop (never javascript:, file:, data:, …). */
export function isWebUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === 'http:' || u.protocol === 'https:') && !u.username && !u.password;
  } catch {
    return false;
  }
}

/**
 * Whether a page's host is on the allowlist (`screenPop.allowedHosts`): an entry is a host name (`crm.example.com`,
 * matched exactly, any port) or `*.example.com` (any host below it, not example.com itself).
 */
export function isAllowedScreenPopHost(url: string, allowedHosts: readonly string[]): boolean {
  if (!isWebUrl(url)) return false;
  const host = new URL(url).hostname.toLowerCase();
  return allowedHosts.some((entry) => {
    const e = entry.trim().toLowerCase();
    if (e.startsWith('*.')) return host.endsWith(e.slice(1)) && host.length > e.length - 1;
    return e !== '' && host === e;
  });
}

/** A host name as the allowlist setting takes it. */
export const ALLOWED_HOST_MESSAGE =
  'must be a host name such as crm.example.com or *.example.com, with no https:// and no path';
export const AllowedHostSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$|^\[[0-9a-f:]+\]$/,
    ALLOWED_HOST_MESSAGE,
  );

/** The host method `openScreenPop` (core/contract.ts): the page asks, the host checks the allowlist. */
export const OpenScreenPopArgSchema = z.object({ url: z.string().min(1).max(4000) }).strict();
/** `browser`: the host opened the system browser (Electron). `tab`: browser mode, the page opens a new tab. */
export const OpenScreenPopResultSchema = z.object({ openIn: z.enum(['browser', 'tab']) });

/** A campaign's script and screen-pop as the supervisor edits them (host methods `adminGet/UpdateCampaignScript`). */
export const CampaignScriptViewSchema = z.object({
  script: z.string().max(SCRIPT_MAX_CHARS),
  screenPop: ScreenPopSchema.nullable(),
});
export type CampaignScriptView = z.infer<typeof CampaignScriptViewSchema>;
