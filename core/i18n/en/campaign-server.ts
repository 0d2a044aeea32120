/**
 * The campaign server's words, which cross the wire as codes (core/operator-channel.ts, the Public API's
 * problems) and are worded here (core/i18n/server-texts.ts).
 */
export const server = {
  'server.notReady.connectionLost': 'the connection was lost',
  'server.notReady.declinedOffer': 'you declined an offer',
  'server.notReady.offerNotAnswered': 'an offer was not answered',
  'server.notReady.offlineWhenBcwEnded': 'you were offline when the countdown ended',
  'server.notReady.operatorLegFailed': 'you did not answer a campaign call',
  'server.notReady.notConnected': 'not connected to the campaign server',
  'server.reason.offlineWhenBcwEnded': 'you were offline when the countdown ended',
} as const;
