// Lint enforces the "may import" column of the design: each top-level folder may import only the folders
// listed for it, so the house cannot drift. `electron` is allowed only in main/electron and preload.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
// i18n (issue 14)
import { noLiteralUiText } from './scripts/lint/no-literal-ui-text.mjs';

const ours = ['core', 'server', 'main', 'preload', 'renderer', 'mock-sip', 'test', 'bench'];
// Bare names are matched exactly (`paths`), so a local './events' is not mistaken for Node's 'events'.
const nodeBuiltinNames = [
  'fs',
  'path',
  'os',
  'net',
  'http',
  'https',
  'child_process',
  'worker_threads',
  'dgram',
  'crypto',
  'url',
  'stream',
  'events',
  'tls',
  'util',
];
const builtinPaths = (message) => nodeBuiltinNames.map((name) => ({ name, message }));

/** Patterns that refuse imports of our folders other than `allowed`, at any depth of `../`. */
function refuseFolders(from, allowed) {
  return ours
    .filter((f) => f !== from && !allowed.includes(f))
    .map((f) => ({
      group: [`**/${f}/*`, `**/${f}`, `${f}/*`],
      message: `${from}/ may import only ${allowed.length ? allowed.join(', ') : 'nothing of ours'} (docs/ARCHITECTURE.md, "may import").`,
    }));
}

function boundary(folder, allowed, extra = [], paths = []) {
  return {
    files: [`${folder}/**/*.{ts,tsx}`],
    rules: {
      'no-restricted-imports': ['error', { paths, patterns: [...refuseFolders(folder, allowed), ...extra] }],
    },
  };
}

const noElectron = { group: ['electron'], message: 'Only main/electron/ and preload/ may import electron.' };
const noNode = { group: ['node:*'], message: 'core/ is pure: no Node built-ins.' };
const noUi = { group: ['react', 'react-dom', 'react/*'], message: 'core/ is pure: no UI framework.' };

// i18n (issue 14): names that are the same in every language.
const uiTextAllowed = ['Dialdeck', 'SIP', 'MOS', 'DTMF', 'RTT', 'ICE', 'STUN', 'TURN', 'PBX'];
// i18n (issue 14): views not translated yet; each leaves this list when its strings move to the catalogs.
/** @type {string[]} */
const untranslatedViews = [];

export default tseslint.config(
  {
    ignores: ['node_modules/**', 'out/**', 'test-results/**', 'playwright-report/**', '.tmp/**', '**/*.d.ts'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='skip'][callee.object.name=/^(test|describe|it)$/]",
          message: 'No skipped tests: say in the output why a test cannot run.',
        },
        {
          selector: "CallExpression[callee.property.name='only'][callee.object.name=/^(test|describe|it)$/]",
          message: 'No focused tests.',
        },
      ],
    },
  },
  // i18n (issue 14): views take every word from the catalogs (renderer/README.md, "How to add a string").
  {
    files: ['renderer/**/*.tsx'],
    ignores: untranslatedViews,
    plugins: { dialdeck: { rules: { 'no-literal-ui-text': noLiteralUiText } } },
    rules: { 'dialdeck/no-literal-ui-text': ['error', { allow: uiTextAllowed }] },
  },
  boundary('core', [], [noElectron, noNode, noUi], builtinPaths('core/ is pure: no Node built-ins.')),
  boundary('server', ['core'], [noElectron]),
  boundary('main', ['core', 'server'], []),
  {
    // Only main/electron may import electron; the rest of main/ is Electron-free so browser mode can run it.
    files: ['main/**/*.ts'],
    ignores: ['main/electron/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [...refuseFolders('main', ['core', 'server']), noElectron] },
      ],
    },
  },
  boundary('preload', ['core'], []),
  boundary(
    'renderer',
    ['core'],
    [noElectron, { group: ['node:*'], message: 'The renderer runs in a sandboxed page: no Node built-ins.' }],
    builtinPaths('The renderer runs in a sandboxed page: no Node built-ins.'),
  ),
  boundary('mock-sip', [], [noElectron]),
);
