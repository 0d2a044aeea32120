/**
 * What each setting means to IT, for the policy reference, the ADMX templates and About → Policies. Keyed by
 * the settings path. A setting missing here is still a policy (derived from the schema) with a plain
 * description; add a line when you add a setting.
 */
const descriptions: Record<string, string> = {
  'sip.websocketUrls':
    'PBX WebSocket servers (`wss://pbx.example.com:8089/ws`), tried in order; the next takes over when one fails.',
  'sip.uri': "The operator's SIP address of record, `sip:user@domain`.",
  'sip.authorizationUser': 'Digest authorization user, when it differs from the user part of the SIP URI.',
  'sip.displayName': 'Name shown to the people the operator calls.',
  'sip.registerExpires': 'Registration interval in seconds (60–3600).',
  'ice.servers':
    'STUN/TURN servers as a JSON list of `{ "urls": ["turn:turn.example.com:3478"], "username": "…" }`. ' +
    'A TURN credential is a secret and is never read from policy.',
  'ice.gatheringTimeoutMs': 'How long a call waits for ICE candidates before the INVITE leaves (ms).',
  'audio.microphoneId': 'Microphone device id (`default` follows the OS default).',
  'audio.speakerId': 'Speaker device id (`default` follows the OS default).',
  'audio.ringerId': 'Ringer device id (`default` follows the OS default).',
  'audio.ringerVolume': 'Ringer volume, 0 to 1.',
  'audio.fallbackMicrophoneId':
    'Microphone a call moves to when the one in use is unplugged (empty: the OS default, then any other).',
  'audio.switchBack': 'An unplugged device that comes back: `offer` to switch back, or `automatic`.',
  'dtmf.mode': 'How key presses are sent: `rfc2833` (in the audio stream) or `info` (SIP INFO).',
  'dtmf.durationMs': 'Length of one DTMF tone (ms).',
  'dtmf.interToneGapMs': 'Gap between DTMF tones (ms).',
  'sessionTimers.enabled': 'Use SIP session timers (RFC 4028) to detect calls the PBX has lost.',
  'sessionTimers.expiresSeconds': 'Session interval offered to the PBX (s).',
  'campaignServer.mode':
    '`embedded` (this workstation runs its own campaign server) or `remote` (a shared team server).',
  'campaignServer.url': 'The shared campaign server, `https://campaigns.example.com` (remote mode).',
  'campaignServer.operatorLogin': "The operator's login on the shared campaign server.",
  shortcuts: 'Keyboard shortcuts by console action, as a JSON object (`{ "accept": "F2" }`).',
  'updates.mode':
    '`off` (never looks), `notify` (downloads, installs at quit) or `automatic` (also restarts when the operator is free).',
  'updates.url': 'The update feed folder, `https://updates.example.com/dialdeck/`.',
  'updates.channel': 'Which feed files to read: `latest`, `beta`, …',
  'dial.immediate': 'A `tel:`, `sip:` or `callto:` link dials at once, without the operator pressing Call.',
  'startup.atLogin':
    'Start Dialdeck (in the tray) when the operator logs in. Lock it on to force it, off to forbid it.',
  'proxy.mode':
    'How the PBX WebSocket and the campaign server connection leave the machine: `system`, `direct`, `fixed` or `pac`.',
  'proxy.server': 'The proxy for `fixed`: `host:port` or `http(s)://host:port`.',
  'proxy.bypass':
    'Hosts that skip the `fixed` proxy: `host`, `*.domain`, `.domain`, `10.0.0.0/8`, `<local>`, `<-loopback>`.',
  // i18n (issue 14)
  'ui.language':
    'The language of the app: `system` (follows the OS), `en` (English) or `cs` (Czech). Applies without a restart.',
  'ui.region':
    'Country (`CZ`, `GB`) whose phone numbers are shown in national format; empty = derived from the language.',
  'proxy.pacUrl': 'The PAC script for `pac`: an `http://`, `https://` or `file://` URL.',
  // CRM screen-pop (issue 13.7)
  'screenPop.allowedHosts':
    "Hosts a campaign's CRM screen-pop and its script's links may open in the browser (`crm.example.com`, " +
    '`*.example.com`); any other page is refused and logged. Empty = none.',
};

export function policyDescription(path: string): string {
  return descriptions[path] ?? `Sets the workstation setting \`${path}\`.`;
}
