/**
 * JsSIP 3.13.8 `C.causes`, key → the string JsSIP puts in events. Kept equal to the installed package by a test,
 * so a JsSIP upgrade that adds a cause fails CI instead of falling into the "unknown cause" branch in production.
 */
export const JSSIP_CAUSES = {
  CONNECTION_ERROR: 'Connection Error',
  REQUEST_TIMEOUT: 'Request Timeout',
  SIP_FAILURE_CODE: 'SIP Failure Code',
  INTERNAL_ERROR: 'Internal Error',
  BUSY: 'Busy',
  REJECTED: 'Rejected',
  REDIRECTED: 'Redirected',
  UNAVAILABLE: 'Unavailable',
  NOT_FOUND: 'Not Found',
  ADDRESS_INCOMPLETE: 'Address Incomplete',
  INCOMPATIBLE_SDP: 'Incompatible SDP',
  MISSING_SDP: 'Missing SDP',
  AUTHENTICATION_ERROR: 'Authentication Error',
  BYE: 'Terminated',
  WEBRTC_ERROR: 'WebRTC Error',
  CANCELED: 'Canceled',
  NO_ANSWER: 'No Answer',
  EXPIRES: 'Expires',
  NO_ACK: 'No ACK',
  DIALOG_ERROR: 'Dialog Error',
  USER_DENIED_MEDIA_ACCESS: 'User Denied Media Access',
  BAD_MEDIA_DESCRIPTION: 'Bad Media Description',
  RTP_TIMEOUT: 'RTP Timeout',
} as const;
export type JsSipCause = keyof typeof JSSIP_CAUSES;

const causeByText = new Map<string, JsSipCause>(
  (Object.entries(JSSIP_CAUSES) as [JsSipCause, string][]).flatMap(([key, text]) => [
    [text.toLowerCase(), key],
    [key.toLowerCase(), key],
  ]),
);

/** The JsSIP cause named by `cause` (its event text such as "Terminated", or its key such as "BYE"); null if none. */
export function jsSipCause(cause: string): JsSipCause | null {
  return causeByText.get(cause.trim().toLowerCase()) ?? null;
}
