import { expect, test } from '@playwright/test';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dispatchHostCall } from '../../core/contract';
import { fileVault, openConfFile, startBrowserHost } from '../../main/browser-host';
import { openCallHistory } from '../../main/call-history';
import { diagnosticsServiceFactory } from '../../main/diagnostics/service';
import type { Desktop } from '../../main/host-service';
import { openAppLog } from '../../main/log';
import { openSettingsStore } from '../../main/settings-store';
import { ADMIN_TOKEN_FILE } from '../../main/campaign/admin-token';
import { OPERATOR_TOKEN_FILE } from '../../main/campaign/campaign-service';
import { secretForms } from '../../main/diagnostics/redact';
import { callRecord, fakeRenderer, tempDir } from './fixtures';
import { unzipText } from './diagnostics-unzip';
import { readEffectivePolicy } from '../../main/policy';
import { livePolicy } from '../../main/policy/live-policy';
import { registrationFeed } from '../../main/registration-feed';

const SIP_PASSWORD = 'Pl4nted-SIP-pass!';
const ADMIN_TOKEN = 'ddk_PlantedAdminToken0123456789abcdefABCDEF';
const OPERATOR_TOKEN = 'op-token-Planted-9f8e7d6c5b4a';
const TURN_SECRET = 'turn-Planted-credential';
const DIGEST_RESPONSE = createHash('md5')
  .update('1001:pbx:' + SIP_PASSWORD)
  .digest('hex');
const DIGEST_HEADER =
  `Authorization: Digest username="1001", realm="pbx.example.com", nonce="5f2a", ` +
  `uri="sip:pbx.example.com", response="${DIGEST_RESPONSE}", algorithm=MD5`;

/** Every way a planted secret could still show: as planted, URL-encoded, base64 in any alignment, hex. */
function forbiddenStrings(): string[] {
  const secrets = [SIP_PASSWORD, ADMIN_TOKEN, OPERATOR_TOKEN, TURN_SECRET];
  return [
    ...secrets.flatMap((s) => [...secretForms(s), Buffer.from(s).toString('hex')]),
    Buffer.from(`1001:${SIP_PASSWORD}`).toString('base64'),
    DIGEST_RESPONSE,
  ];
}

test('the diagnostics zip has every part support needs and none of the planted secrets', async () => {
  const tmp = tempDir();
  // The registration reported below would start the embedded campaign server in the background: not this test's
  // business (its own tokens are planted as files instead).
  const host = await startBrowserHost({
    userDataDir: tmp.dir,
    rendererDir: fakeRenderer(tmp.dir),
    campaignServerInBackground: false,
  });
  try {
    const { settings, log, history } = host.services;
    settings.update({
      sip: {
        uri: 'sip:1001@pbx.example.com',
        websocketUrls: ['wss://pbx.example.com:8089/ws'],
        authorizationUser: '1001',
      },
      ice: {
        servers: [{ urls: ['turn:turn.example.com:3478'], username: 'agent', credential: TURN_SECRET }],
      },
    });
    // Secrets where no secret belongs: typed into the wrong field, pasted into a URL, kept in free-form values.
    settings.update({
      sip: { displayName: SIP_PASSWORD },
      campaignServer: { url: `https://campaigns.example.com/?token=${ADMIN_TOKEN}` },
      shortcuts: { pastedToken: OPERATOR_TOKEN, pastedHeader: DIGEST_HEADER },
    });
    settings.setPassword(SIP_PASSWORD);
    writeFileSync(join(tmp.dir, ADMIN_TOKEN_FILE), `${ADMIN_TOKEN}\n`);
    writeFileSync(join(tmp.dir, OPERATOR_TOKEN_FILE), `${OPERATOR_TOKEN}\n`);

    // Through the log writer: what the app itself might log by mistake.
    log.write({ level: 'info', message: 'phone: registration: registered', data: { url: 'wss://pbx' } });
    log.write({ level: 'debug', message: `jssip: sending REGISTER\r\n${DIGEST_HEADER}\r\n` });
    log.write({ level: 'warn', message: `retrying with password ${SIP_PASSWORD}` });
    log.write({ level: 'info', message: 'campaign hello', data: { token: OPERATOR_TOKEN, login: 'agent7' } });
    log.write({ level: 'info', message: `admin call with Bearer ${ADMIN_TOKEN}` });
    log.write({
      level: 'info',
      message: 'proxy auth',
      data: { header: `Basic ${Buffer.from(`1001:${SIP_PASSWORD}`).toString('base64')}` },
    });
    log.write({ level: 'info', message: `fetch /x?p=${encodeURIComponent(SIP_PASSWORD)}&v=1` });
    // Straight into the file, as a log from an older version (or another writer) would be: only the
    // collection-time pass stands between these and the zip.
    writeFileSync(
      `${log.path}.1`,
      [
        JSON.stringify({ level: 'info', message: `old line ${OPERATOR_TOKEN} ${ADMIN_TOKEN}` }),
        `not json at all: ${SIP_PASSWORD} ${DIGEST_HEADER}`,
        JSON.stringify({ level: 'info', note: Buffer.from(TURN_SECRET).toString('base64') }),
      ].join('\n') + '\n',
    );

    for (let i = 0; i < 60; i++) history.add(callRecord(`call-${String(i).padStart(2, '0')}`));
    const call = (m: string, arg?: unknown) => dispatchHostCall(host.services.handlers, m, arg);
    await call('reportRegistration', {
      at: new Date().toISOString(),
      state: 'failed',
      reason: 'wrong_credentials',
      message: 'The PBX refused the registration (403 Forbidden).',
      url: `wss://1001:${SIP_PASSWORD}@pbx.example.com:8089/ws`,
      reconnects: 0,
    });
    await call('reportRegistration', {
      at: new Date().toISOString(),
      state: 'registered',
      reason: null,
      message: 'Registered',
      url: 'wss://pbx.example.com:8089/ws',
      reconnects: 1,
    });

    const saved = (await call('saveDiagnostics', {
      audioDevices: { microphones: ['Jabra Evolve2 65 (Mono)'], speakers: ['Built-in speakers'] },
    })) as { path: string; bytes: number; entries: string[] };
    expect(saved.path).toContain(join(tmp.dir, 'diagnostics'));
    expect(saved.bytes).toBeGreaterThan(0);

    const zip = await unzipText(saved.path);
    expect([...zip.keys()].sort()).toEqual(
      [
        'README.txt',
        'audio-devices.json',
        'calls.json',
        'logs/dialdeck.log',
        'logs/dialdeck.log.1',
        'manifest.json',
        'policy.json',
        'registration-history.json',
        'settings.json',
        'versions.json',
      ].sort(),
    );
    expect(saved.entries.sort()).toEqual([...zip.keys()].sort());

    for (const [name, text] of zip) {
      for (const secret of forbiddenStrings()) {
        expect(text.includes(secret), `${secret} found in ${name}`).toBe(false);
        expect(name.includes(secret)).toBe(false);
      }
    }

    // And the parts support needs are still there.
    const json = (name: string) => JSON.parse(zip.get(name)!);
    expect(json('settings.json').settings.sip.uri).toBe('sip:1001@pbx.example.com');
    expect(json('settings.json').settings.sip.authorizationUser).toBe('1001');
    expect(json('settings.json').settings.ice.servers[0].username).toBe('agent');
    expect(json('settings.json').sipPasswordStored).toBe(true);
    const calls = json('calls.json');
    expect(calls).toHaveLength(50);
    expect(calls[0].id).toBe('call-59');
    expect(calls[0].quality).toEqual({ packetLossPct: 0, jitterMs: 2, roundTripMs: 20, mos: 4.3 });
    expect(json('registration-history.json').map((r: { state: string }) => r.state)).toEqual([
      'failed',
      'registered',
    ]);
    expect(json('registration-history.json')[0].url).toBe('wss://[redacted]@pbx.example.com:8089/ws');
    expect(json('audio-devices.json').microphones).toEqual(['Jabra Evolve2 65 (Mono)']);
    expect(json('versions.json').app).toMatchObject({ name: 'Dialdeck', mode: 'browser' });
    expect(json('versions.json').os.platform).toBe(process.platform);
    // The policy the host has in force, with where it looked (none is set on a test machine's /etc).
    expect(json('policy.json')).toEqual(JSON.parse(JSON.stringify(host.services.policy.current())));
    expect(json('policy.json').searched).toEqual(expect.arrayContaining([expect.stringMatching(/managed/)]));
    expect(zip.get('logs/dialdeck.log')).toContain('phone: registration: registered');
    expect(zip.get('logs/dialdeck.log')).toContain('agent7');
    expect(zip.get('logs/dialdeck.log')).toContain('sending REGISTER\\r\\nAuthorization: [redacted]');
    expect(json('manifest.json').redactions).toBeGreaterThan(5);
  } finally {
    await host.stop();
    tmp.remove();
  }
});

test('the policy snapshot given to the service is what policy.json holds', async () => {
  const tmp = tempDir();
  const snapshot = {
    policies: [
      {
        key: 'sip.websocketUrls',
        value: ['wss://pbx'],
        source: 'managed',
        scope: 'machine',
        status: 'applied',
      },
    ],
  };
  try {
    const desktop = { mode: 'browser', version: '9.9.9', details: {} } as unknown as Desktop;
    const service = await diagnosticsServiceFactory({ policy: () => snapshot })({
      userDataDir: tmp.dir,
      desktop,
      settings: openSettingsStore({ dir: tmp.dir, open: openConfFile, vault: fileVault(tmp.dir) }),
      history: openCallHistory(join(tmp.dir, 'call-history.json')),
      log: openAppLog(join(tmp.dir, 'logs', 'dialdeck.log')),
      emit: () => undefined,
      registrations: registrationFeed(),
      campaignServerInBackground: false,
      testMode: true,
      platform: { name: process.platform, release: '' },
      // The host's own policy (none here): the injected provider above is what the zip must carry.
      policy: livePolicy(() =>
        readEffectivePolicy({
          mode: 'browser',
          testMode: true,
          env: { DIALDECK_POLICY_DIR: join(tmp.dir, 'none') },
        }),
      ),
    });
    const saved = await service.handlers.saveDiagnostics!(undefined);
    const zip = await unzipText(saved.path!);
    expect(JSON.parse(zip.get('policy.json')!)).toEqual(snapshot);
    expect(JSON.parse(zip.get('versions.json')!).app.version).toBe('9.9.9');
  } finally {
    tmp.remove();
  }
});
