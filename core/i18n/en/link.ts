/**
 * Why the console is not connected to the campaign server, and how to fix it (`CampaignConnection.problem`,
 * core/contract/campaign.ts). The raw cause never sits in these sentences: it goes on a details line for IT.
 */
export const link = {
  'link.problem.no_server_address': 'Enter the shared campaign server address in Settings → Campaign server.',
  'link.problem.no_operator_login': 'Enter your operator login in Settings → Campaign server.',
  'link.problem.no_operator_token':
    'Enter your operator token (from your supervisor) in the Console’s connection bar.',
  'link.problem.signed_out': 'Signed out of the campaign server.',
  'link.problem.start_failed': 'Could not start the campaign connection. Retry; report it if it repeats.',
  'link.problem.unreachable':
    'Cannot reach the campaign server at {where}. Check that it runs and that the address in Settings → Campaign server is right; retrying.',
  'link.problem.reconnecting':
    'Reconnecting to the campaign server… — your contact is kept for {graceSeconds, plural, one {# second} other {# seconds}}; a call goes on, and what happens meanwhile is sent when the link is back.',
  'link.problem.grace_over':
    'The campaign server at {where} has been unreachable longer than its grace period: the contact you had goes back to the server’s rules. Still retrying; check the network.',
  'link.problem.operator_refused':
    'The campaign server refused operator “{login}”. Check the operator login and token in Settings → Campaign server, then Retry now.',
  'link.problem.version_refused':
    'This app and the campaign server do not speak the same version: ask IT to update one of them.',
} as const;
