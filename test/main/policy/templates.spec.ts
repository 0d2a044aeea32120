// What IT imports: the ADMX/ADML templates and the example .mobileconfig are well-formed, every policy appears
// in them with the right type, `npm run policy:admx` writes them, and docs/IT.md's policy reference is current.
import { expect, test } from '@playwright/test';
import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'plist';
import { policyDefinitions, type PolicyDefinition } from '../../../core/policy';
import { buildAdml, buildAdmx } from '../../../main/policy/admx';
import { buildMobileconfig } from '../../../main/policy/mobileconfig';
import { buildPolicyReference, withPolicyReference } from '../../../main/policy/reference';
import { tempDir } from '../fixtures';

const repo = join(import.meta.dirname, '..', '..', '..');

/** Parses strictly: any error or fatal error (not well-formed) throws. */
function xml(text: string): Document {
  return new DOMParser({
    onError: (level, message) => {
      if (level !== 'warning') throw new Error(`${level}: ${message}`);
    },
  }).parseFromString(text, 'text/xml');
}

const children = (el: Element | Document, tag: string): Element[] =>
  Array.from(el.getElementsByTagName(tag)) as Element[];

/** The ADMX element each type must use, inside <elements> (boolean uses enabled/disabled values instead). */
const admxElement: Record<PolicyDefinition['type'], string | null> = {
  boolean: null,
  enum: 'enum',
  integer: 'decimal',
  number: 'text',
  string: 'text',
  list: 'list',
  json: 'multiText',
};

test('the ADMX is well-formed and holds every policy, mandatory and recommended, with the right type', () => {
  const doc = xml(buildAdmx());
  const policies = new Map(children(doc, 'policy').map((p) => [p.getAttribute('name')!, p]));
  const definitions = policyDefinitions();
  expect(policies.size).toBe(definitions.length + definitions.filter((d) => !d.mandatoryOnly).length);
  for (const d of definitions) {
    const variants = d.mandatoryOnly ? [d.name] : [d.name, `${d.name}_Recommended`];
    for (const id of variants) {
      const p = policies.get(id);
      expect(p, id).toBeTruthy();
      expect(p!.getAttribute('key')).toBe(
        id.endsWith('_Recommended')
          ? 'Software\\Policies\\Dialdeck\\Recommended'
          : 'Software\\Policies\\Dialdeck',
      );
      expect(p!.getAttribute('class')).toBe('Both');
      const element = admxElement[d.type];
      if (element === null) {
        expect(p!.getAttribute('valueName')).toBe(d.name);
        expect(
          children(p!, 'enabledValue')[0]!.getElementsByTagName('decimal')[0]!.getAttribute('value'),
        ).toBe('1');
        expect(
          children(p!, 'disabledValue')[0]!.getElementsByTagName('decimal')[0]!.getAttribute('value'),
        ).toBe('0');
        continue;
      }
      const [el] = children(children(p!, 'elements')[0]!, element);
      expect(el, `${id} has a <${element}>`).toBeTruthy();
      expect(el!.getAttribute('id')).toBe(d.name);
      if (d.type === 'enum')
        expect(children(el!, 'string').map((s) => s.textContent)).toEqual([...(d.values ?? [])]);
      if (d.type === 'integer') {
        expect(Number(el!.getAttribute('minValue'))).toBe(d.min ?? 0);
        expect(Number(el!.getAttribute('maxValue'))).toBe(d.max);
      }
      if (d.type === 'list') expect(el!.getAttribute('key')).toBe(`${p!.getAttribute('key')}\\${d.name}`);
    }
  }
});

test('the ADML is well-formed and has every string and presentation the ADMX refers to', () => {
  expect(() => xml('<policyDefinitions><policy></policyDefinitions>')).toThrow();
  const admx = buildAdmx();
  const adml = xml(buildAdml());
  const strings = new Set(children(adml, 'string').map((s) => s.getAttribute('id')));
  const presentations = new Map(children(adml, 'presentation').map((p) => [p.getAttribute('id'), p]));
  for (const [, id] of admx.matchAll(/\$\(string\.([^)]+)\)/g)) expect(strings, `string ${id}`).toContain(id);
  for (const [, id] of admx.matchAll(/\$\(presentation\.([^)]+)\)/g)) {
    const p = presentations.get(id!);
    expect(p, `presentation ${id}`).toBeTruthy();
    // Each control names the ADMX element it edits.
    const control = children(p!, '*').find((c) => c.hasAttribute('refId'));
    expect(control?.getAttribute('refId')).toBe(id);
  }
});

test('the example .mobileconfig is a well-formed plist with every policy as the right plist type', () => {
  const text = buildMobileconfig();
  xml(text);
  const profile = parse(text) as { PayloadContent: Array<Record<string, unknown>> };
  const payload = profile.PayloadContent[0]!;
  expect(payload.PayloadType).toBe('com.dialdeck.app');
  const recommended = payload.Recommended as Record<string, unknown>;
  const plistTag: Record<PolicyDefinition['type'], RegExp> = {
    boolean: /^<(true|false)\/>$/,
    enum: /^<string>/,
    integer: /^<integer>/,
    number: /^<real>/,
    string: /^<string(\/>|>)/,
    list: /^<array(\/>|>)/,
    json: /^<(array|dict)(\/>|>)/,
  };
  for (const d of policyDefinitions()) {
    const value = d.mandatoryOnly ? payload[d.name] : recommended[d.name];
    expect(value, d.name).toEqual(d.example);
    const m = new RegExp(`<key>${d.name}</key>\\s*(<[^>]+>)`).exec(text);
    expect(m?.[1], d.name).toMatch(plistTag[d.type]);
  }
});

test('npm run policy:admx writes the three files', () => {
  const tmp = tempDir('dialdeck-admx-');
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/policy-admx.mjs', '--out', tmp.dir], {
    cwd: repo,
    stdio: 'pipe',
  });
  for (const file of [
    'windows/dialdeck.admx',
    'windows/en-US/dialdeck.adml',
    'macos/com.dialdeck.app.mobileconfig',
  ])
    expect(existsSync(join(tmp.dir, file)), file).toBe(true);
  expect(readFileSync(join(tmp.dir, 'windows/dialdeck.admx'), 'utf8')).toBe(buildAdmx());
  tmp.remove();
});

test('docs/IT.md holds the current policy reference (npm run policy:docs rewrites it)', () => {
  const doc = readFileSync(join(repo, 'docs', 'IT.md'), 'utf8');
  expect(doc, 'docs/IT.md is out of date: run `npm run policy:docs`').toBe(withPolicyReference(doc));
  const reference = buildPolicyReference();
  for (const d of policyDefinitions()) expect(reference).toContain(`| \`${d.name}\` |`);
});
