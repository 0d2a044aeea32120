import type { CatalogPart } from '../catalog';
import type { server as en } from '../en/campaign-server';

export const server: CatalogPart<typeof en> = {
  'server.notReady.connectionLost': 'spojení se přerušilo',
  'server.notReady.declinedOffer': 'odmítli jste nabídku',
  'server.notReady.offerNotAnswered': 'nabídka zůstala bez odpovědi',
  'server.notReady.offlineWhenBcwEnded': 'když skončilo odpočítávání, nebyli jste připojeni',
  'server.notReady.operatorLegFailed': 'nepřijali jste hovor z kampaně',
  'server.notReady.notConnected': 'není spojení se serverem kampaní',
  'server.reason.offlineWhenBcwEnded': 'když skončilo odpočítávání, nebyli jste připojeni',
};
