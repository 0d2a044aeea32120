/**
 * The check for hard-coded strings in views (scripts/lint/no-literal-ui-text.mjs, on in eslint.config.js for
 * renderer/**\/*.tsx): it fails on planted literals, passes catalog text and non-words, and the translated
 * views pass it as they are.
 */
import { expect, test } from '@playwright/test';
import { ESLint, Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { noLiteralUiText } from '../../scripts/lint/no-literal-ui-text.mjs';

const linter = new Linter({ configType: 'flat' });
const config: Linter.Config[] = [
  {
    files: ['**/*.tsx'],
    languageOptions: {
      parser: tseslint.parser as Linter.Parser,
      parserOptions: { ecmaFeatures: { jsx: true } },
    },
    plugins: { dialdeck: { rules: { 'no-literal-ui-text': noLiteralUiText } } },
    rules: { 'dialdeck/no-literal-ui-text': ['error', { allow: ['SIP', 'MOS'] }] },
  },
];

function problems(code: string): string[] {
  return linter
    .verify(code, config, { filename: 'renderer/planted/View.tsx' })
    .map((m) =>
      m.ruleId === 'dialdeck/no-literal-ui-text'
        ? m.message.replace(/^.*\("|"\)\.$/g, '')
        : `${m.ruleId}: ${m.message}`,
    );
}

test('fails on literal text in JSX, in user-facing attributes and inside expressions', () => {
  expect(problems(`export const A = () => <button>Hang up</button>;`)).toEqual(['Hang up']);
  expect(
    problems(`export const A = () => <input placeholder="Number" aria-label='Number to call' />;`),
  ).toEqual(['Number', 'Number to call']);
  expect(
    problems(
      `export const A = ({ m }: { m: boolean }) => <b title={\`Muted \${m}\`}>{m ? 'Unmute' : 'Mute'}</b>;`,
    ),
  ).toEqual(['Muted', 'Unmute', 'Mute']);
  expect(problems(`export const A = () => <img alt="Logo" src="x.png" />;`)).toEqual(['Logo']);
  expect(problems(`export const A = ({ x }: { x?: string }) => <p>{x || 'Nothing yet'}</p>;`)).toEqual([
    'Nothing yet',
  ]);
  // Czech is text too.
  expect(problems(`export const A = () => <p>Zavěsit</p>;`)).toEqual(['Zavěsit']);
});

test('passes catalog text, symbols, digits, keys, allowed names and attributes nobody reads', () => {
  const clean = `
    declare const t: (k: string, v?: object) => string;
    export const A = ({ n }: { n: number }) => (
      <div className="call-panel" data-testid="call-panel" aria-label={t('call.label')}>
        {t('call.hangUp')} · {n} – ⌫ * # 1 2 3
        <span>{\` · \${n}\`}</span>
        <span>(SIP {n}) MOS</span>
        <input placeholder="sip:1001@pbx.example.com" title="proxy.example.com:3128" />
        <button type="button" title={t('call.qualityHint')}>{t('call.mute')}</button>
      </div>
    );`;
  expect(problems(clean)).toEqual([]);
});

test('the translated views pass the check as configured in eslint.config.js', async () => {
  const eslint = new ESLint();
  const results = await eslint.lintFiles([
    'renderer/console/**/*.tsx',
    'renderer/calls/**/*.tsx',
    'renderer/app.tsx',
  ]);
  const literal = results.flatMap((r) =>
    r.messages
      .filter((m) => m.ruleId === 'dialdeck/no-literal-ui-text')
      .map((m) => `${r.filePath}:${m.line} ${m.message}`),
  );
  expect(literal).toEqual([]);
  // And the rule is really on for them: the same config reports a planted literal in a console view.
  const [planted] = await eslint.lintText('export const A = () => <p>Ready</p>;\n', {
    filePath: 'renderer/console/Planted.tsx',
  });
  expect(planted!.messages.map((m) => m.ruleId)).toContain('dialdeck/no-literal-ui-text');
});
