import { expect, test } from '@playwright/test';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { redactor } from '../../main/diagnostics/redact';
import { openAppLog } from '../../main/log';
import { tempDir } from './fixtures';

test('the log rotates by size and keeps at most maxFiles files, newest entries in the live file', () => {
  const tmp = tempDir();
  try {
    const log = openAppLog(join(tmp.dir, 'logs', 'dialdeck.log'), { maxBytes: 2000, maxFiles: 3 });
    for (let i = 0; i < 300; i++) log.write({ level: 'info', message: `entry ${i}` });
    const files = log.files();
    expect(files.map((f) => f.slice(log.path.length))).toEqual(['', '.1', '.2']);
    for (const f of files) expect(statSync(f).size).toBeLessThanOrEqual(2000);
    const live = readFileSync(log.path, 'utf8').trim().split('\n');
    expect(JSON.parse(live.at(-1)!).message).toBe('entry 299');
    // One JSON object per line, everywhere.
    for (const f of files) for (const line of readFileSync(f, 'utf8').trim().split('\n')) JSON.parse(line);
    // The oldest entries were dropped with the file that fell off the end.
    expect(files.some((f) => readFileSync(f, 'utf8').includes('"entry 0"'))).toBe(false);
  } finally {
    tmp.remove();
  }
});

test('an oversized entry is written without its data instead of crowding out the history', () => {
  const tmp = tempDir();
  try {
    const log = openAppLog(join(tmp.dir, 'dialdeck.log'));
    log.write({ level: 'debug', message: 'stats dump', data: { blob: 'x'.repeat(200_000) } });
    const entry = JSON.parse(readFileSync(log.path, 'utf8'));
    expect(entry).toMatchObject({ message: 'stats dump', data: { truncated: true } });
  } finally {
    tmp.remove();
  }
});

test('secrets are removed as lines are written', () => {
  const tmp = tempDir();
  try {
    const log = openAppLog(join(tmp.dir, 'dialdeck.log'));
    log.write({
      level: 'info',
      message: 'REGISTER sent\r\nAuthorization: Digest username="1001", response="0a1b2c3d4e5f"',
      data: { sipPassword: 'hunter2-secret', operatorToken: 'tok-abcdef', authorizationUser: '1001' },
    });
    const text = readFileSync(log.path, 'utf8');
    for (const s of ['hunter2-secret', 'tok-abcdef', '0a1b2c3d4e5f']) expect(text).not.toContain(s);
    expect(JSON.parse(text).data.authorizationUser).toBe('1001');
  } finally {
    tmp.remove();
  }
});

test('the redactor leaves what support needs: user names, flags, plain prose', () => {
  const clean = redactor(['s3cret-pw']);
  expect(
    clean.value({
      authorizationUser: '1001',
      passwordStored: true,
      passwordProtection: 'file',
      note: 'Basic settings',
    }),
  ).toEqual({
    authorizationUser: '1001',
    passwordStored: true,
    passwordProtection: 'file',
    note: 'Basic settings',
  });
  expect(clean.text('wss://pbx.example.com/ws?token=abc123 and s3cret-pw')).toBe(
    'wss://pbx.example.com/ws?token=[redacted] and [redacted]',
  );
  expect(clean.text(`Basic ${Buffer.from('1001:s3cret-pw').toString('base64')}`)).toBe('Basic [redacted]');
});
