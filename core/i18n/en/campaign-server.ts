/**
 * The campaign server's words, which cross the wire as codes (core/operator-channel.ts, the Public API's
 * problems) and are worded here (core/i18n/server-texts.ts).
 */
export const server = {
  'server.notReady.connectionLost': 'connection lost',
  'server.notReady.declinedOffer': 'declined an offer',
  'server.notReady.offerNotAnswered': 'offer not answered',
  'server.notReady.offlineWhenBcwEnded': 'offline when the countdown ended',
  'server.notReady.operatorLegFailed': 'did not answer a campaign call',
  'server.notReady.notConnected': 'not connected',
  'server.reason.offlineWhenBcwEnded': 'you were offline when the countdown ended',
  // The Public API's refusals (core/api-problem.ts), shown in the supervisor view.
  'problem.field_required': '{field}: this field is required',
  'problem.field_too_small':
    '{field}: {unit, select, string {at least {bound, plural, one {# character} other {# characters}}} array {at least {bound, plural, one {# item} other {# items}}} other {at least {bound, number}}}',
  'problem.field_too_big':
    '{field}: {unit, select, string {at most {bound, plural, one {# character} other {# characters}}} array {at most {bound, plural, one {# item} other {# items}}} other {at most {bound, number}}}',
  'problem.field_nul_character': '{field}: must not contain a NUL character',
  'problem.field_format':
    '{field}: {format, select, hhmm {must be a time as HH:MM (24 h)} announcement {must be a phone number or SIP user such as +442071234567} region {must be a two-letter region such as US or GB} timeZone {must be a time zone such as Europe/London} fieldName {must be a simple field name} webUrl {must be an http:// or https:// address} other {not a valid value}}',
  'problem.field_invalid': '{field}: this value is not accepted here.',
  'problem.field_not_a_number': '{field}: enter a number',
  'problem.unknown_operators':
    '{count, plural, one {There is no operator {names}.} other {There are no operators {names}.}}',
  'problem.unknown_campaigns':
    '{count, plural, one {There is no campaign {names}.} other {There are no campaigns {names}.}}',
  'problem.invalid_phone':
    '{why, select, blank {Enter a phone number.} letters {The phone number has letters or other special characters.} impossible {This is not a possible phone number.} other {The phone number is not valid.}}',
  'problem.not_found':
    '{what, select, campaign {The campaign {id} no longer exists.} contact {The contact {id} no longer exists.} blacklist_entry {{id} is not on the blacklist.} operator {There is no operator {id}.} attempt {There is no call attempt {id}.} not_ready_reason {There is no Not ready reason {id}.} callback {The contact {id} has no callback.} recording {The call {id} has no recording yet.} transfer_target {There is no transfer target {id}.} token {There is no API token {id}.} upload {The upload {id} is no longer under way.} other {{id} was not found.}}',
  'problem.already_exists':
    '{what, select, operator {An operator {id} already exists.} transfer_target {A transfer target named {id} already exists.} not_ready_reason {A Not ready reason named {id} already exists.} other {{id} already exists.}}',
  'problem.duplicate_in_file':
    '{column, select, phone {The number {value} is already on row {firstRow}.} other {The external id {value} is already on row {firstRow}.}}',
  'problem.duplicate_in_campaign':
    '{column, select, phone {The number {value} is already in this campaign.} other {The external id {value} is already in this campaign.}}',
  'problem.campaign_closed': 'The campaign is {status}: it cannot be changed any more.',
  'problem.campaign_status_refused':
    '{action, select, start {A {status} campaign cannot be started.} pause {A {status} campaign cannot be paused.} other {A {status} campaign cannot be changed.}}',
  'problem.dialer_refused':
    'The campaign cannot start: the dialer cannot place calls. Check the SIP settings of the campaign server.',
  'problem.last_admin_token': 'This is the last admin token: create another one before revoking it.',
  'problem.illegal_transition': 'The contact is no longer in a state that allows this.',
  'problem.not_yours': 'The contact is assigned to another operator.',
  'problem.conflict': 'Someone else changed it first: reload and try again.',
  'problem.bad_request': 'The campaign server refused the request.',
  'problem.csv_unreadable': 'The CSV file cannot be read: check that it is a CSV file and not damaged.',
  'problem.csv_empty': 'The CSV file is empty: it needs a header row with a phone column.',
  'problem.csv_no_phone_column': 'The CSV file has no phone column (its columns: {columns}).',
  'problem.csv_encoding': 'The CSV file’s text encoding is not recognised: save it as “CSV UTF-8”.',
  'problem.csv_content_type': 'The file was not sent as CSV.',
  'problem.unauthorized': 'The campaign server refused the API token.',
  'problem.read_only_token': 'This API token may only read.',
  'problem.body_too_large': 'The request is larger than {limitMb} MB: import many contacts as a CSV file.',
  'problem.internal': 'The campaign server failed: try again.',
  'problem.serverUnreachable':
    'The campaign server does not answer: check that it is running and the network is up.',
  'problem.field.phone': 'Phone',
  'problem.field.externalId': 'External id',
  'problem.field.customFields': 'Custom field',
} as const;
