/** Owned callbacks in the console (issue 13.2): My callbacks, the reminder, and the callback time in ACW. */
export const callbacks = {
  'callbacks.title': 'My callbacks',
  'callbacks.none': 'No callbacks scheduled.',
  'callbacks.count': '{count, plural, one {# callback scheduled} other {# callbacks scheduled}}',
  'callbacks.contact': 'Contact',
  'callbacks.theirTime': 'Their time',
  'callbacks.yourTime': 'Your time',
  'callbacks.status': 'Status',
  'callbacks.due': 'Due now',
  'callbacks.scheduled': 'Scheduled',
  'callbacks.callNow': 'Call now',
  'callbacks.callNowHint': 'Sets you Ready: the server offers you this callback first.',
  'callbacks.reminder': 'Callback with {name} due at {theirTime} their time ({yourTime} your time).',
  'callbacks.dismiss': 'Dismiss',
  'callbacks.zoneTime': '{time} ({zone})',
  'acw.callbackTheirTime': 'Call back at, customer’s time ({zone})',
  'acw.callbackBoth': 'That is {theirTime} for the customer and {yourTime} for you.',
} as const;
