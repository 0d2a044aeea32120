/**
 * `window.dialdeckTest`: present only when the host runs in test mode (getAppInfo().details.testMode === '1'),
 * so e2e tests and benchmarks can read the phone's state and timings. Types only; PhoneProvider sets it.
 */
import type { Phone } from './phone';
import type { Call } from './call';

export type DialdeckTestHooks = {
  phone: Phone;
  /** Turns echo cancellation / noise suppression / AGC off for microphones opened from now on (tone tests). */
  setAudioProcessing: (on: boolean) => void;
  /** performance.now() of the last click on Call (the benchmark's start mark). */
  lastCallClickAt: number | null;
  /** The last 5 calls seen since load, oldest first, ended ones included. */
  calls: Call[];
  /** performance.now() when the phone first reached `registered` (page load → registered). */
  registeredAt: number | null;
};

declare global {
  interface Window {
    dialdeckTest?: DialdeckTestHooks;
  }
}
