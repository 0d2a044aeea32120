import { expect, test } from '@playwright/test';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openCallHistory } from '../../main/call-history';
import { callRecord, tempDir } from './fixtures';

test('calls persist newest first, a repeated report replaces the first, and the cap holds', () => {
  const tmp = tempDir();
  const file = join(tmp.dir, 'call-history.json');
  const history = openCallHistory(file, 3);
  history.add(callRecord('a'));
  history.add(callRecord('b', { outcome: 'rejected', sipCode: 486 }));
  history.add(callRecord('a', { durationSeconds: 61 }));
  expect(
    openCallHistory(file, 3)
      .list()
      .map((r) => [r.id, r.durationSeconds]),
  ).toEqual([
    ['a', 61],
    ['b', 60],
  ]);
  history.add(callRecord('c'));
  history.add(callRecord('d'));
  expect(
    openCallHistory(file, 3)
      .list()
      .map((r) => r.id),
  ).toEqual(['d', 'c', 'a']);
  expect(
    openCallHistory(file, 3)
      .list(1)
      .map((r) => r.id),
  ).toEqual(['d']);
  history.clear();
  expect(openCallHistory(file, 3).list()).toEqual([]);
  tmp.remove();
});

test('an unreadable history file is kept aside and the history starts empty', () => {
  const tmp = tempDir();
  const file = join(tmp.dir, 'call-history.json');
  writeFileSync(file, '[[[');
  expect(openCallHistory(file).list()).toEqual([]);
  expect(readdirSync(tmp.dir).some((f) => f.startsWith('call-history.corrupt-'))).toBe(true);
  tmp.remove();
});
