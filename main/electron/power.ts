/** Keeps the OS from suspending the app while a call is up (the renderer says when, through `setCallActive`). */
import type { ElectronApi } from './electron-api';

export type CallPowerBlocker = { setCallActive(active: boolean): void; dispose(): void };

export function callPowerBlocker(powerSaveBlocker: ElectronApi['powerSaveBlocker']): CallPowerBlocker {
  let blocker: number | null = null;
  const release = () => {
    if (blocker === null) return;
    powerSaveBlocker.stop(blocker);
    blocker = null;
  };
  return {
    setCallActive(active) {
      // One blocker however many times the renderer says "active": a second start would leak the first.
      if (active && blocker === null) blocker = powerSaveBlocker.start('prevent-app-suspension');
      if (!active) release();
    },
    dispose: release,
  };
}
