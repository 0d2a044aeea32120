/**
 * How a call ended and what to do about it (core/call-outcome.ts, core/sip-failure.ts, core/media-error.ts), and
 * the softphone's own reasons for ending a call (renderer/phone/call-end.ts).
 */
export const callEnd = {
  'end.youEnded': 'You ended the call.',
  'end.customerEnded': 'The customer ended the call.',
  'end.endedWithReason': 'The call was ended from the other side, which gave the reason: {reason}.',
  'end.droppedNoAudio':
    'The call dropped: no audio arrived for several seconds. Check your network connection; if it repeats, tell IT.',
  'end.droppedConnection':
    'The call dropped: the connection to the PBX was lost. Dialdeck reconnects by itself; check your network if it repeats.',
  'end.droppedPbxSilent':
    'The call dropped: the PBX stopped answering during the call. If it repeats, tell IT.',
  'end.droppedNoAck':
    'The call dropped: the PBX never confirmed the answer (no ACK). A firewall or "SIP ALG" may be in the way; tell IT.',
  'end.droppedRenegotiation':
    'The call dropped: the audio could not be renegotiated (hold or resume failed).',
  'end.endedCause': 'The call ended ({cause}).',
  'end.noConnection':
    'No connection to the PBX, so the call could not be placed. Check your network; Dialdeck reconnects by itself.',
  'end.pbxNoResponse':
    'The PBX did not respond to the call request in time. Check your network; if every call fails, tell your supervisor.',
  'end.internalError': 'Dialdeck hit an internal error placing the call. Try again; report it if it repeats.',
  'end.micDenied':
    'Dialdeck may not use the microphone. Allow microphone access for Dialdeck in your system settings, then call again.',
  'end.audioSetupFailed':
    'The audio connection could not be set up. Try again; if it repeats, check the audio devices in Settings and tell IT.',
  'end.badSdp':
    'The PBX answered with audio settings Dialdeck cannot use. Ask the PBX administrator to allow WebRTC (DTLS-SRTP, ICE) and PCMU, PCMA or Opus.',
  'end.authFailed':
    'The PBX did not accept your SIP credentials. Check the authorization user and password in Settings.',
  'end.busy': 'The line is busy.',
  'end.youDeclined': 'You declined the call.',
  'end.declined': 'The call was declined.',
  'end.redirected':
    'The PBX redirected the call; Dialdeck does not follow redirects. If it keeps happening, give the PBX administrator the SIP code and the time of the call.',
  'end.unavailable': 'The customer is unavailable.',
  'end.notFound': 'The number was not found; it may not exist.',
  'end.incomplete': "The PBX says the number is incomplete. Check the contact's number and its country code.",
  'end.pbxFailed':
    'The PBX failed to place the call. If it keeps happening, give the PBX administrator the SIP code and the time of the call.',
  'end.callerHungUp': 'The caller hung up before the call was answered.',
  'end.cancelledBeforeAnswer': 'The call was cancelled before it was answered.',
  'end.noAnswer': 'Nobody answered.',
  'end.endedBeforeAnswer': 'The call ended before it was answered.',
  'end.brokeConnecting':
    'The call broke down while connecting ({cause}). If it keeps happening, give the PBX administrator the SIP code and the time of the call.',
  'end.unknownCause':
    'The call ended for a reason Dialdeck does not know ("{cause}"). Report it with the time of the call.',
  'end.sip.auth':
    'The PBX did not accept your SIP credentials ({code}). Check the authorization user and password in Settings.',
  'end.sip.402':
    'The PBX or carrier refused the call: payment required (402). Tell your supervisor; the trunk account may be out of credit.',
  'end.sip.403':
    'The PBX refused the call (403 Forbidden): this account may not call this number or destination. If it keeps happening, give the PBX administrator the SIP code and the time of the call.',
  'end.sip.notFound': 'The number was not found ({code}); it may not exist.',
  'end.sip.408': 'Nobody answered in time (408 Request Timeout).',
  'end.sip.410': 'The number is no longer in service (410 Gone).',
  'end.sip.480': 'The customer is temporarily unavailable (480): phone off or out of coverage.',
  'end.sip.430': 'The customer could not be reached (430 Flow Failed).',
  'end.sip.incomplete':
    "The PBX says the number is incomplete or ambiguous ({code}). Check the contact's number and its country code.",
  'end.sip.487': 'The PBX stopped ringing before anyone answered (487).',
  'end.sip.busy': 'The line is busy ({code}).',
  'end.sip.603': 'The customer declined the call (603 Decline).',
  'end.sip.607': 'The customer marked the call as unwanted (607).',
  'end.sip.608':
    'A network service rejected the call (608): the calling number may be flagged as spam. Tell your supervisor.',
  'end.sip.codecs':
    'The far end accepted none of the audio formats we offered ({code}). Ask the PBX administrator to allow PCMU, PCMA or Opus for WebRTC.',
  'end.sip.422':
    'The PBX wants a longer session timer (422 Session Interval Too Small). Raise "session timer" in Settings to at least the PBX minimum (often 120 s or 1800 s).',
  'end.sip.extension':
    'The PBX refused a SIP extension we used or requires one we lack ({code}). If it keeps happening, give the PBX administrator the SIP code and the time of the call.',
  'end.sip.503':
    'The PBX or its trunk is unavailable or overloaded (503). Wait a moment; if every call fails, tell your supervisor.',
  'end.sip.carrier':
    'The PBX could not reach the carrier ({code}). If every call fails, tell your supervisor.',
  'end.sip.redirected':
    'The PBX redirected the call ({code}); Dialdeck does not follow redirects. If it keeps happening, give the PBX administrator the SIP code and the time of the call.',
  'end.sip.serverError':
    'The PBX failed to place the call ({code} server error). If it keeps happening, give the PBX administrator the SIP code and the time of the call.',
  'end.sip.declinedEverywhere': 'The call was declined everywhere ({code}).',
  'end.sip.refused':
    'The PBX refused the call ({code}). If it keeps happening, give the PBX administrator the SIP code and the time of the call.',
  'end.sip.unexpected':
    'The call ended with an unexpected SIP status {code}. Report it with the time of the call.',
  'end.note.retry': 'The contact will be retried.',
  'end.note.retryLater': 'The contact will be retried later.',
  'end.note.retryByRules': "The contact will be retried per the campaign's rules.",
  'end.withNote': '{sentence} {note}',
  'mic.notFound': 'No microphone was found. Plug in your headset, then choose it in Settings → Audio.',
  'mic.chosenMissing':
    'The microphone chosen in Settings is not connected. Plug it in, or choose another microphone in Settings → Audio.',
  'mic.busy':
    'The microphone could not be started; another application may be using it. Close other call or recording apps, or replug the headset, then call again.',
  'mic.failed': 'The microphone could not be opened. Try again; report it if it repeats.',
  'mic.failedUnknown':
    'The microphone could not be opened (unknown error). Try again; report it if it repeats.',
  'mic.noAccess': 'This window has no access to audio devices.',
} as const;
