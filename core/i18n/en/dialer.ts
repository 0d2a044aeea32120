/** Why the dialer cannot place calls (core/dialer-status.ts), as the supervisor's banner and a refused start say it. */
export const dialer = {
  'dialer.banner.label': 'Dialer',
  'dialer.banner.ownAccount':
    "This is the campaign's own dialer account; other campaigns go on dialling through theirs.",
  'dialer.row.canDial': 'Can dial',
  'dialer.row.stopped': 'Cannot dial',
  'dialer.row.ownAccountStopped': "Cannot dial: the campaign's own account",
  'dialer.row.linesFull': 'Lines full',
  'problem.dialer_none':
    'This campaign server has no dialer, so predictive campaigns cannot place calls. Ask IT to set up the SIP dialer.',
  'problem.dialer_not_connected': 'The dialer has not connected to the phone system yet.',
  'problem.dialer_proxy_refused':
    'The dialer cannot reach the phone system: nothing answers at its address. Ask IT to check the SIP proxy address and that the phone system is running.',
  'problem.dialer_proxy_not_found':
    'The dialer cannot find the phone system: its address does not exist. Ask IT to check the SIP proxy address.',
  'problem.dialer_proxy_timeout':
    'The phone system does not answer the dialer. Ask IT to check the network and the SIP proxy.',
  'problem.dialer_auth_refused':
    "The phone system refused the dialer's user name or password. Ask IT to check the dialer's SIP account.",
  'problem.dialer_forbidden':
    "The phone system does not allow the dialer to place calls. Ask IT to check the dialer's SIP account.",
  'problem.dialer_pbx_error': 'The phone system answered the dialer with an error. Ask IT to check it.',
  'problem.dialer_connection_lost':
    'The dialer lost its connection to the phone system and is reconnecting. No calls are placed meanwhile.',
  'problem.dialer_trunk_full': "All the dialer's lines are in use: new calls wait until one is free.",
  'problem.dialer_password_needs_key':
    "This campaign server has no secret key, so it does not store the campaign's dialer password. Ask IT to set DIALDECK_SECRET_KEY.",
} as const;
