/** What the softphone engine (renderer/phone) tells the operator: registration, warnings in a call, device changes. */
export const softphone = {
  'sip.reg.idle': 'Not connected',
  'sip.reg.notConfigured': 'Set the PBX WebSocket URL and your SIP address in Settings.',
  'sip.reg.unusable': 'The SIP settings are not usable: {detail}',
  'sip.reg.stopped': 'Signed out',
  'sip.reg.connecting': 'Connecting to {url}…',
  'sip.reg.connectingPbx': 'Connecting to the PBX…',
  'sip.reg.registering': 'Registering…',
  'sip.reg.unreachable': 'Cannot reach the PBX at {url}{detail}: retrying…',
  'sip.reg.lost': 'Connection to the PBX lost{detail}: reconnecting…',
  'sip.reg.registered': 'Registered',
  'sip.reg.ended': 'The PBX ended the registration.',
  'sip.reg.wrongCredentials': 'Wrong SIP user name or password: check them in Settings.',
  'sip.reg.wrongCredentialsCode': 'Wrong SIP user name or password ({code}): check them in Settings.',
  'sip.reg.timeout': 'The PBX did not answer the registration in time: retrying…',
  'sip.reg.lostWhileRegistering': 'Connection to the PBX lost while registering.',
  'sip.reg.refused': 'The PBX refused the registration.',
  'sip.reg.refusedCode': 'The PBX refused the registration ({code} {phrase}).',
  'sip.warn.noAudio': 'No audio is arriving from the other side.',
  'sip.warn.holdFailed':
    'Could not {action, select, hold {put the call on hold} other {resume the call}}: {detail}',
  'sip.warn.dtmfRefused': 'Could not send {digits}: {detail}',
  'sip.warn.deviceFallback':
    'The {kind, select, microphone {microphone} speaker {speaker} other {ringer}} you chose was unplugged: using the default {kind, select, microphone {microphone} speaker {speaker} other {ringer}} instead.',
} as const;
