/**
 * The campaign service as one of the host's services (main/host-services.ts): its contract handlers, a watch on
 * the settings so a changed campaign server or SIP user reconnects the session, and a close that stops the
 * embedded server cleanly (PGlite flushes its files).
 */
import type { HostServiceContext, HostServiceFactory } from '../host-service';
import { campaignProxyAgent } from '../proxy/host';
import { openCampaignService, type CampaignService } from './campaign-service';

/** How often the settings are compared for a change that concerns the campaign connection. */
const SETTINGS_WATCH_MS = 1000;

/** The services opened by this process, newest last: tests and the demo reach the embedded server through them. */
export const openCampaignServices = new Map<string, CampaignService>();

export const campaignServiceFactory: HostServiceFactory = (ctx: HostServiceContext) => {
  const service = openCampaignService({
    userDataDir: ctx.userDataDir,
    settings: () => ctx.settings.current(),
    emit: ctx.emit,
    log: (level, message, data) => ctx.log.write({ level, message, data, source: 'host' }),
    // proxy (issue 10): the shared campaign server is reached the way settings / policy / the OS say
    agent: campaignProxyAgent(ctx),
    // issue 15: the embedded server is up before the operator opens the Console
    ...(ctx.campaignServerInBackground ? { backgroundStart: { registrations: ctx.registrations } } : {}),
  });
  openCampaignServices.set(ctx.userDataDir, service);
  const watch = setInterval(() => service.settingsChanged(ctx.settings.current()), SETTINGS_WATCH_MS);
  watch.unref();
  return {
    handlers: service.handlers,
    close: async () => {
      clearInterval(watch);
      openCampaignServices.delete(ctx.userDataDir);
      await service.stop();
    },
  };
};
