/**
 * One value of the phone for a component that shows only that value (the ringing call, the current call's state),
 * so the phone's other updates do not re-render it. A module of its own: IncomingCallPanel uses it, and
 * PhoneProvider imports IncomingCallPanel.
 */
import { useCallback, useSyncExternalStore } from 'react';
import type { Phone } from '../phone';

/**
 * One value read from the phone (`read` returns a string, a number, or an object the phone keeps, such as a call):
 * re-renders the caller only when that value changes (`Object.is`), not on every update of the phone.
 */
export function usePhoneValue<T>(phone: Phone | null, read: (phone: Phone | null) => T): T {
  const subscribe = useCallback(
    (changed: () => void) => {
      if (!phone) return () => {};
      const offs = [
        phone.on('update', changed),
        phone.on('registration', changed),
        phone.on('devices', changed),
      ];
      return () => offs.forEach((off) => off());
    },
    [phone],
  );
  return useSyncExternalStore(subscribe, () => read(phone));
}
