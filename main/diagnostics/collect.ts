/**
 * What goes into a diagnostics zip, read from the user-data folder only (never from the live services), so
 * the Help menu and the command line produce the same zip, and collecting beside a running app changes
 * nothing. Every entry passes through the redactor with the workstation's own secrets (redact.ts).
 *
 *   README.txt                what each entry is, for whoever opens the zip
 *   versions.json             app, Electron/Chromium/Node and OS versions
 *   settings.json             the settings, secrets removed
 *   policy.json               the effective managed policy with its sources (from the policy module)
 *   audio-devices.json        device labels the phone last saw
 *   registration-history.json the phone's registration changes, oldest first
 *   calls.json                the last 50 calls with their quality figures (loss, jitter, RTT, MOS)
 *   logs/dialdeck.log[.N]     the rotated app log
 *   manifest.json             when, what, and how many redactions were made
 */
import { existsSync, readFileSync } from 'node:fs';
import { arch, hostname, release, type, version as osVersion } from 'node:os';
import { basename, join } from 'node:path';
import { migrateSettings, type Settings } from '../../core/settings';
import { readCallHistory } from '../call-history';
import { LOG_LIMITS } from '../log';
import { ADMIN_TOKEN_FILE } from '../campaign/admin-token';
import { OPERATOR_TOKEN_FILE } from '../campaign/campaign-service';
import { readPhoneFacts } from './phone-facts';
import { redactor } from './redact';
import type { ZipEntry } from './zip';

export const DIAGNOSTICS_CALLS = 50;

/** A JSON-able picture of the managed policy in force, with where each value came from. */
export type PolicySnapshotProvider = () => unknown;

/** Until a policy module is composed in, the zip says so instead of leaving support to guess. */
export const noPolicyModule: PolicySnapshotProvider = () => ({
  available: false,
  reason: 'this build has no managed-policy module',
});

export type DiagnosticsInput = {
  userDataDir: string;
  /** What the host knows of itself: name, version, mode and the runtime's versions (AppInfo-like). */
  app: { name: string; version: string; mode: string; details?: Record<string, string> };
  /** The SIP password, to make sure it appears nowhere (null when none is stored). */
  password: () => string | null;
  policy?: PolicySnapshotProvider;
  /** Default: `<userData>/logs/dialdeck.log` and its rotated files. */
  logFiles?: string[];
  now?: Date;
};

export type CollectedDiagnostics = { entries: ZipEntry[]; redactions: number };

const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

function readTrimmed(file: string): string | null {
  try {
    return readFileSync(file, 'utf8').trim() || null;
  } catch {
    return null;
  }
}

export function defaultLogFiles(userDataDir: string): string[] {
  const live = join(userDataDir, 'logs', 'dialdeck.log');
  const files = [live];
  for (let n = 1; n < LOG_LIMITS.maxFiles + 5; n++) files.push(`${live}.${n}`);
  return files.filter((f) => existsSync(f));
}

function readSettings(userDataDir: string): { settings: Settings | null; problem: string | null } {
  const file = join(userDataDir, 'settings.json');
  if (!existsSync(file)) return { settings: null, problem: 'no settings file yet' };
  try {
    return { settings: migrateSettings(JSON.parse(readFileSync(file, 'utf8'))).settings, problem: null };
  } catch (err) {
    return { settings: null, problem: err instanceof Error ? err.message : String(err) };
  }
}

export async function collectDiagnostics(input: DiagnosticsInput): Promise<CollectedDiagnostics> {
  const dir = input.userDataDir;
  const now = input.now ?? new Date();
  const { settings, problem } = readSettings(dir);
  const password = safely(input.password, null);
  const clean = redactor([
    password,
    readTrimmed(join(dir, ADMIN_TOKEN_FILE)),
    readTrimmed(join(dir, OPERATOR_TOKEN_FILE)),
    ...(settings?.ice.servers.map((s) => s.credential) ?? []),
  ]);

  const facts = readPhoneFacts(dir);
  const calls = readCallHistory(join(dir, 'call-history.json')).slice(0, DIAGNOSTICS_CALLS);
  let policy: unknown;
  try {
    policy = await (input.policy ?? noPolicyModule)();
  } catch (err) {
    policy = { available: false, reason: `the policy module failed: ${String(err)}` };
  }

  const entries: ZipEntry[] = [
    {
      name: 'versions.json',
      content: json({
        app: { name: input.app.name, version: input.app.version, mode: input.app.mode },
        runtime: { node: process.versions.node, ...(input.app.details ?? {}) },
        os: {
          platform: process.platform,
          type: type(),
          release: release(),
          version: osVersion(),
          arch: arch(),
        },
        host: hostname(),
      }),
    },
    {
      name: 'settings.json',
      content: json({ settings, problem, sipPasswordStored: password !== null }),
    },
    { name: 'policy.json', content: json(policy) },
    {
      name: 'audio-devices.json',
      content: json(facts.audioDevices ?? { note: 'the phone has not reported any yet' }),
    },
    { name: 'registration-history.json', content: json(facts.registrations) },
    { name: 'calls.json', content: json(calls) },
  ];
  for (const file of input.logFiles ?? defaultLogFiles(dir)) {
    const text = readTrimmed(file);
    if (text === null) continue;
    entries.push({ name: `logs/${basename(file)}`, content: `${text}\n` });
  }

  const redacted = entries.map((e) => ({
    name: e.name,
    content: e.name.startsWith('logs/')
      ? redactLog(e.content, clean)
      : json(clean.value(JSON.parse(e.content))),
  }));
  const names = ['README.txt', ...redacted.map((e) => e.name), 'manifest.json'];
  return {
    entries: [
      { name: 'README.txt', content: readme(now) },
      ...redacted,
      {
        name: 'manifest.json',
        content: json({ generatedAt: now.toISOString(), entries: names, redactions: clean.count }),
      },
    ],
    redactions: clean.count,
  };
}

function redactLog(text: string, clean: ReturnType<typeof redactor>): string {
  return text
    .split('\n')
    .map((line) => {
      if (!line.trim()) return line;
      try {
        return JSON.stringify(clean.value(JSON.parse(line)));
      } catch {
        return clean.text(line);
      }
    })
    .join('\n');
}

function safely<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch {
    return fallback;
  }
}

function readme(now: Date): string {
  return [
    `Dialdeck diagnostics, saved ${now.toISOString()}.`,
    '',
    'Passwords, tokens and Authorization headers were removed before this file was written.',
    '',
    'versions.json              app, runtime and OS versions',
    'settings.json              the workstation settings (no secrets)',
    'policy.json                the managed policy in force and where each value came from',
    'audio-devices.json         microphones and speakers the phone last saw',
    'registration-history.json  every registration change of the phone, oldest first',
    `calls.json                 the last ${DIAGNOSTICS_CALLS} calls with loss, jitter, round trip and MOS`,
    'logs/                      the app log, newest file first (one JSON object per line)',
    'manifest.json              what is inside and how many values were redacted',
    '',
  ].join('\n');
}
