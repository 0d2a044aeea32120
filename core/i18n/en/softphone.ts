/** What the softphone engine (renderer/phone) tells the operator: registration, warnings in a call, device changes. */
export const softphone = {
  'sip.reg.idle': 'Not connected',
  'sip.reg.notConfigured': 'Set the PBX WebSocket URL and your SIP address in Settings.',
  'sip.reg.unusable':
    'The SIP settings are not usable. Check the SIP server address, user and password in Settings.',
  'sip.reg.stopped': 'Signed out',
  'sip.reg.connecting': 'Connecting to {url}…',
  'sip.reg.connectingPbx': 'Connecting to the PBX…',
  'sip.reg.registering': 'Registering…',
  'sip.reg.unreachable': 'Cannot reach the PBX at {url}: retrying…',
  'sip.reg.lost': 'Connection to the PBX lost: reconnecting…',
  'sip.reg.registered': 'Registered',
  'sip.reg.ended': 'The PBX ended the registration.',
  'sip.reg.wrongCredentials': 'Wrong SIP user name or password: check them in Settings.',
  'sip.reg.wrongCredentialsCode': 'Wrong SIP user name or password ({code}): check them in Settings.',
  'sip.reg.timeout': 'The PBX did not answer the registration in time: retrying…',
  'sip.reg.lostWhileRegistering': 'Connection to the PBX lost while registering.',
  'sip.reg.refused': 'The PBX refused the registration.',
  'sip.reg.refusedCode': 'The PBX refused the registration ({code} {phrase}).',
  'sip.warn.noAudio': 'No audio is arriving from the other side.',
  'sip.warn.holdFailed': 'Could not {action, select, hold {hold} other {resume}} the call.',
  'sip.warn.holdRefused':
    'The PBX refused to {action, select, hold {hold} other {resume}} the call; the call goes on.',
  'sip.warn.holdRefusedCode':
    'The PBX refused to {action, select, hold {hold} other {resume}} the call ({code}); the call goes on.',
  'sip.warn.dtmfFailed': 'Could not send {digits}: the call did not take the tones.',
  'sip.warn.dtmfNoAudioPath': 'Could not send {digits}: the audio path is not up.',
  'sip.end.mediaFailed':
    'The call lost its audio path (ICE/DTLS failed): it was ended instead of leaving dead air.',
  'sip.end.cancelled': 'Cancelled',
  'sip.end.ended': 'Ended',
  'sip.end.farEndGone':
    'The other side had already hung up: the PBX no longer knows this call (481). Their hang-up could not reach Dialdeck while the connection was down.',
  'sip.end.notRegistered': 'Not registered to the PBX ({status}): the call was not placed.',
  'sip.end.notPlaced': 'The call could not be placed. Try again; report it if it repeats.',
  'sip.end.notAnswered': 'The call could not be answered. Report it if it repeats.',
  'sip.end.micFailed': 'The microphone could not be opened. Try again; report it if it repeats.',
  'dial.notSipAddress': 'not a SIP address: {typed}',
  'dial.empty': 'enter a number to call',
  'dial.tooLong': 'the number is too long',
  'dial.needDomain': 'set your SIP address in Settings to call {typed}',
  'dial.notANumber': 'not a phone number or SIP user: {typed}',
} as const;
