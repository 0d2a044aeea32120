/**
 * The embedded campaign server started before anyone asks for it (issue 15), so the operator who opens the
 * Console or the Supervisor view waits for nothing. Its first start costs about two seconds of CPU on two shared
 * cores, which must not compete with the first screen: it waits until the phone has registered (the first screen
 * is up, and the operator's next step may be the Console), then a short idle more. Only when settings choose the
 * embedded server: a workstation on a shared server never starts PGlite.
 */
import type { RegistrationEvent } from '../../core/contract';
import type { Settings } from '../../core/settings';
import type { RegistrationFeed } from '../registration-feed';

/** After registration, what the renderer may still be drawing (the phone view, the devices) gets this long. */
export const BACKGROUND_START_IDLE_MS = 500;

/** The registration state that says the first screen is done (renderer/phone/states.ts). */
const REGISTERED: RegistrationEvent['state'] = 'registered';

export type BackgroundStartOptions = {
  registrations: RegistrationFeed;
  settings: () => Settings;
  /** Starts the embedded server (and whatever else opening the Console would wait for). */
  start: () => void;
  idleMs?: number;
};

/** Starts once, at the first registration under embedded settings; `stop()` cancels what has not begun. */
export function startAfterRegistration(o: BackgroundStartOptions): { stop(): void } {
  let timer: NodeJS.Timeout | null = null;
  const unsubscribe = o.registrations.subscribe((event) => {
    if (timer || event.state !== REGISTERED || o.settings().campaignServer.mode !== 'embedded') return;
    unsubscribe();
    timer = setTimeout(o.start, o.idleMs ?? BACKGROUND_START_IDLE_MS);
    timer.unref();
  });
  return {
    stop() {
      unsubscribe();
      if (timer) clearTimeout(timer);
    },
  };
}
