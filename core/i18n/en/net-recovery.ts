/** What the softphone tells the operator while a call rides out a dropped connection or a media failure. */
export const netRecovery = {
  'call.recovery.reconnecting': 'Reconnecting… the connection to the PBX dropped; the call is kept.',
  'call.recovery.mediaRestart': 'Reconnecting… the audio path was interrupted; restoring it.',
  'call.recovery.timedOut':
    'The connection to the PBX could not be restored within {seconds, plural, one {# second} other {# seconds}}: the call was ended instead of leaving dead air.',
  'call.recovery.mediaNotRestored':
    'The audio path could not be restored within {seconds, plural, one {# second} other {# seconds}}: the call was ended instead of leaving dead air.',
} as const;
