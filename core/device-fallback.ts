/**
 * Device faults mid-call (issue 12.4), the decisions without the browser: which input a live call moves to when the
 * one it sends is unplugged, and what happens when an unplugged device comes back. The renderer's phone asks these
 * and does the getUserMedia / replaceTrack / setSinkId work (renderer/phone/device-faults.ts).
 */

/** 'default' follows the OS default device, as in the audio settings. */
export const SYSTEM_DEFAULT = 'default';

/** When a device that was unplugged is listed again: ask the operator, or take it back at once. */
export type SwitchBack = 'offer' | 'automatic';

/**
 * The inputs to try, in order, after the one in use was lost: the operator's configured fallback first, then the
 * OS default (by now the OS has picked another device), then every other listed microphone. The lost ids (the
 * device chosen and the one the track actually came from) are never tried; nothing is tried when no microphone is
 * listed any more, since the OS default would then be nothing.
 */
export function inputCandidates(args: {
  /** Microphone ids enumerateDevices lists now (the 'default' entry included or not). */
  listed: readonly string[];
  /** The ids the lost track stood for; 'default' among them does not rule the OS default out. */
  lost: readonly string[];
  /** The operator's configured fallback microphone; '' for none. */
  preferred: string;
}): string[] {
  const real = args.listed.filter((id) => id !== SYSTEM_DEFAULT && id !== '' && !args.lost.includes(id));
  if (real.length === 0) return [];
  const order = [args.preferred, SYSTEM_DEFAULT, ...real];
  return order.filter(
    (id, i) =>
      id !== '' &&
      order.indexOf(id) === i &&
      (id === SYSTEM_DEFAULT || (real.includes(id) && !args.lost.includes(id))),
  );
}

/**
 * An unplugged device is listed again: what the phone does. With no input left the call sends silence, so any
 * microphone that appears is taken at once, whatever the setting; otherwise the setting decides.
 */
export function onDeviceBack(args: { setting: SwitchBack; inputLeft: boolean }): 'switch' | 'offer' {
  if (!args.inputLeft) return 'switch';
  return args.setting === 'automatic' ? 'switch' : 'offer';
}
