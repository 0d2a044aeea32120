import { test, expect } from '@playwright/test';
import {
  fillPlaceholders,
  fillUrlTemplate,
  isAllowedScreenPopHost,
  isWebUrl,
  placeholdersIn,
  ScreenPopSchema,
  type ScriptContact,
} from '../../core/campaign-script';
import { CampaignCreateSchema, CampaignSettingsSchema, CampaignUpdateSchema } from '../../core/campaign';
import { SettingsSchema } from '../../core/settings';

const ada: ScriptContact = {
  id: '42',
  name: 'Ada Lovelace',
  number: '+442079460958',
  externalId: 'CRM-7',
  customFields: { plan: 'gold', 'Account No.': 'A-1' },
};

/** What the operator reads: values as they are, a missing one as [[field]]. */
const read = (text: string, c: ScriptContact = ada) =>
  fillPlaceholders(text, c)
    .map((p) => (p.kind === 'missing' ? `[[${p.field}]]` : p.text))
    .join('');

test('placeholders take the contact’s name, phone, CRM id and custom fields; an unknown one is marked', () => {
  expect(read('Hello {{name}}, is {{ phone }} still yours? Ref {{externalId}}, plan {{plan}}.')).toBe(
    'Hello Ada Lovelace, is +442079460958 still yours? Ref CRM-7, plan gold.',
  );
  expect(read('Account {{Account No.}}')).toBe('Account A-1');
  expect(read('Hi {{nickname}}!')).toBe('Hi [[nickname]]!');
  // A field the contact has no value for is marked the same way, not shown as an empty gap.
  expect(read('Ref {{externalId}}', { ...ada, externalId: null })).toBe('Ref [[externalId]]');
  expect(placeholdersIn('{{name}} {{plan}} {{name}}')).toEqual(['name', 'plan']);
  // Not placeholders: a brace pair with nothing in it, or an inherited property of every object.
  expect(read('{{}} {{ }}')).toBe('{{}} {{ }}');
  expect(read('{{constructor}} {{__proto__}}')).toBe('[[constructor]] [[__proto__]]');
});

test('hostile values stay text: they are never parsed as placeholders, Markdown or HTML', () => {
  const hostile: ScriptContact = {
    id: '1',
    name: '<script>alert(1)</script>',
    number: '+12025550101',
    externalId: '{{phone}}',
    customFields: {
      img: '<img src=x onerror=alert(1)>',
      link: '[x](javascript:alert(1))',
      bold: '**bold**',
      nested: '{{name}}',
    },
  };
  const pieces = fillPlaceholders(
    'A {{name}} B {{img}} C {{link}} D {{bold}} E {{nested}} F {{externalId}}',
    hostile,
  );
  // Each value arrives whole, as one value piece, exactly as stored: the renderer shows it as a text node.
  expect(pieces.filter((p) => p.kind === 'value')).toEqual([
    { kind: 'value', field: 'name', text: '<script>alert(1)</script>' },
    { kind: 'value', field: 'img', text: '<img src=x onerror=alert(1)>' },
    { kind: 'value', field: 'link', text: '[x](javascript:alert(1))' },
    { kind: 'value', field: 'bold', text: '**bold**' },
    { kind: 'value', field: 'nested', text: '{{name}}' },
    { kind: 'value', field: 'externalId', text: '{{phone}}' },
  ]);
});

test('a screen-pop URL carries the values percent-encoded, so they cannot change its host or parameters', () => {
  expect(
    fillUrlTemplate('https://crm.example.com/c/{{externalId}}?tel={{phone}}&id={{contactId}}', ada),
  ).toEqual({ url: 'https://crm.example.com/c/CRM-7?tel=%2B442079460958&id=42', missing: [] });
  const evil = { ...ada, externalId: '../../admin?x=1#@evil.example.com/' };
  const { url } = fillUrlTemplate('https://crm.example.com/c/{{externalId}}', evil);
  expect(new URL(url).hostname).toBe('crm.example.com');
  expect(new URL(url).pathname).toBe('/c/..%2F..%2Fadmin%3Fx%3D1%23%40evil.example.com%2F');
  expect(
    fillUrlTemplate('https://crm.example.com/?r={{externalId}}&x={{nope}}', { ...ada, externalId: null }),
  ).toEqual({
    url: 'https://crm.example.com/?r=&x=',
    missing: ['externalId', 'nope'],
  });
});

test('only http(s) pages on the allowlist open; an entry is a host or *.domain', () => {
  const allow = ['crm.example.com', '*.corp.example', '127.0.0.1'];
  expect(isAllowedScreenPopHost('https://crm.example.com/c/1', allow)).toBe(true);
  expect(isAllowedScreenPopHost('http://127.0.0.1:8123/c/1', allow)).toBe(true);
  expect(isAllowedScreenPopHost('https://eu.corp.example/x', allow)).toBe(true);
  expect(isAllowedScreenPopHost('https://corp.example/x', allow)).toBe(false);
  expect(isAllowedScreenPopHost('https://crm.example.com.evil.example/', allow)).toBe(false);
  expect(isAllowedScreenPopHost('https://evilcrm.example.com/', allow)).toBe(false);
  expect(isAllowedScreenPopHost('https://user:pw@crm.example.com/', allow)).toBe(false);
  expect(isAllowedScreenPopHost('javascript:alert(1)//crm.example.com', allow)).toBe(false);
  expect(isAllowedScreenPopHost('https://crm.example.com/', [])).toBe(false);
  expect(isWebUrl('file:///etc/passwd')).toBe(false);
  expect(isWebUrl('data:text/html,<script>alert(1)</script>')).toBe(false);
});

test('campaign settings keep a script and a screen-pop; bad ones are refused naming the field', () => {
  const defaults = CampaignSettingsSchema.parse({});
  expect(defaults.script).toBe('');
  expect(defaults.screenPop).toBeNull();
  const made = CampaignCreateSchema.parse({
    name: 'Spring',
    script: '# Hello {{name}}',
    screenPop: { urlTemplate: 'https://crm.example.com/c/{{externalId}}' },
  });
  expect(made.screenPop).toEqual({ urlTemplate: 'https://crm.example.com/c/{{externalId}}', on: 'offer' });
  const bad = ScreenPopSchema.safeParse({ urlTemplate: 'javascript:alert(1)' });
  expect(bad.success).toBe(false);
  const badCreate = CampaignCreateSchema.safeParse({ name: 'x', screenPop: { urlTemplate: 'ftp://x/' } });
  expect(badCreate.error?.issues[0]?.path).toEqual(['screenPop', 'urlTemplate']);
  expect(CampaignUpdateSchema.safeParse({ script: 'a\u0000b' }).success).toBe(false);
  expect(CampaignUpdateSchema.parse({ screenPop: null })).toEqual({ screenPop: null });
  expect(
    CampaignSettingsSchema.safeParse({ screenPop: { urlTemplate: 'https://x/', on: 'ringing' } }).success,
  ).toBe(false);
});

test('the allowlist is a setting (so a policy); a bad host is refused', () => {
  expect(SettingsSchema.parse({}).screenPop.allowedHosts).toEqual([]);
  expect(
    SettingsSchema.parse({ screenPop: { allowedHosts: ['CRM.Example.com', '*.corp.example'] } }).screenPop,
  ).toEqual({ allowedHosts: ['crm.example.com', '*.corp.example'] });
  expect(
    SettingsSchema.safeParse({ screenPop: { allowedHosts: ['https://crm.example.com/'] } }).success,
  ).toBe(false);
  expect(SettingsSchema.safeParse({ screenPop: { allowedHosts: ['*'] } }).success).toBe(false);
});
