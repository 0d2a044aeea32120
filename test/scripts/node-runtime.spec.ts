// The tests, tsx and the tools run on the Node major the pinned Electron bundles (npm puts the `node`
// devDependency first on PATH), so what passes here is what runs in the app's main process.
import { spawnSync } from 'node:child_process';
import { delimiter } from 'node:path';
import { expect, test } from '@playwright/test';
import { electronNodeMajor, pinnedNodeMajor, wrongNode } from '../../scripts/node-runtime.mjs';

const major = (version: string) => Number(version.replace(/^v/, '').split('.')[0]);

test("the pinned Node is the major of Electron's own Node", () => {
  expect(pinnedNodeMajor()).toBe(electronNodeMajor());
});

test('this test worker runs on the pinned Node', () => {
  expect(wrongNode()).toBeUndefined();
  expect(major(process.version)).toBe(pinnedNodeMajor());
});

test('from a plain shell, npx and tsx (server, mock-sip, browser mode) run on the pinned Node', () => {
  // A shell's PATH, without the node_modules/.bin that npm put in front of this worker's.
  const PATH = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => !dir.includes('node_modules'))
    .join(delimiter);
  const env = { ...process.env, PATH };
  const tsx = spawnSync('npx', ['tsx', '-e', 'console.log(process.version)'], { encoding: 'utf8', env });
  expect(tsx.status, tsx.stderr).toBe(0);
  expect(major(tsx.stdout.trim())).toBe(pinnedNodeMajor());
  const node = spawnSync('npm', ['exec', '--', 'node', '-p', 'process.version'], { encoding: 'utf8', env });
  expect(major(node.stdout.trim())).toBe(pinnedNodeMajor());
});

test('another Node is named, with the way to run on the right one', () => {
  expect(wrongNode(undefined, '20.20.2')).toMatch(
    /running on Node 20\.20\.2, but the project runs on Node \d+/,
  );
  expect(wrongNode(undefined, '20.20.2')).toContain('npx');
});
