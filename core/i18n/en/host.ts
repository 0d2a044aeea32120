/** What the host (main/) tells the operator: refusals, and why a policy was ignored (About → Policies). */
export const host = {
  'host.locked':
    '{count, plural, one {{names} is set by your organisation and cannot be changed.} other {{names} are set by your organisation and cannot be changed.}}',
  'host.readOnly': 'Your organisation has made settings read-only (policy SettingsReadOnly).',
  'host.refusedArgument': 'The app could not do this: the request was malformed.',
  'host.linkNotAllowed':
    'Dialdeck may not open {url}: it is not on the list of sites your organisation allows.',
  'host.supervisorShared':
    'The Supervisor view manages the built-in campaign server; this workstation uses a shared one, managed through its Public API.',
  'host.supervisorHidden': 'Your organisation has turned off the Supervisor view on this workstation.',
  'host.operatorNotRegistered': 'The operator {login} could not be registered on the campaign server.',
  'policy.ignored.unreadable': 'the policy source could not be read',
  'policy.ignored.secret': 'secrets (passwords, tokens, credentials) are never read from policy',
  'policy.ignored.unknown': 'unknown policy {name}',
  'policy.ignored.unknownHint': 'unknown policy {name} (did you mean {hint}?)',
  'policy.ignored.mandatoryOnly': '{name} can only be set as mandatory',
  'policy.ignored.badValue': 'the value does not fit this policy',
  'policy.ignored.overridden':
    'overridden by the {level, select, mandatory {mandatory} other {recommended}} {scope, select, machine {machine} other {user}} policy from {source}',
} as const;
