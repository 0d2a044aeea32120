/** The softphone engine's public surface (see README.md). */
export { Phone, wantsAutoAnswer } from './phone';
export type {
  PhoneOptions,
  PhoneEvents,
  PhoneHost,
  RegistrationStatus,
  RegistrationFailure,
  DeviceBack,
  DeviceFallback,
  SocketFactory,
} from './phone';
export { Call, MIN_SESSION_EXPIRES } from './call';
export type {
  CallEnd,
  CallEvents,
  CallTimings,
  CallWarning,
  OutboundOptions,
  CallDirection,
} from './call-events';
export {
  CallState,
  RegistrationState,
  callTransition,
  registrationTransition,
  IllegalTransition,
} from './states';
export { normaliseDialString, displayNumber } from './number';
export type { AudioDeviceList, AudioDevice, DeviceKind } from './media';
export type { QualitySample } from './quality';
