/** What the Phone tells its listeners and what it is made with (settings, host, socket, reconnection policy). */
import type { UiText } from '../../core/i18n';
import type { CallRecord } from '../../core/call-record';
import type { DialdeckApi } from '../../core/contract';
import type { Settings } from '../../core/settings';
import type { Call } from './call';
import type { AudioDeviceList, DeviceKind } from './media';
import type { ReconnectPolicy } from './reconnect';
import type { RegistrationStatus, SocketFactory } from './registration';
import type { NetworkConnection, PageVisibility } from './os-signals';
import type { KeepAliveTiming } from './flow-keepalive';

export type DeviceFallback = { kind: DeviceKind; previousId: string; message: UiText };
/** An unplugged device is listed again: switched back to (`offer` null) or offered (the button's words). */
export type DeviceBack = { kind: DeviceKind; id: string; message: UiText; offer: UiText | null };

export type PhoneEvents = {
  registration: RegistrationStatus;
  /** An inbound call is ringing (not fired for calls answered automatically). */
  incoming: Call;
  /** Any new call, inbound or outbound. */
  call: Call;
  /** A call ended and its record was written (or failed to be: see the log). */
  callEnded: { call: Call; record: CallRecord };
  devices: AudioDeviceList;
  deviceFallback: DeviceFallback;
  deviceBack: DeviceBack;
  /**
   * The microphone kept open while Ready was unplugged and no other is left: the operator must not stay Ready
   * (every call answered would be dead air). The console sets Not ready; `message` says why.
   */
  noMicrophone: { message: UiText };
  /** The set of calls or their states changed: re-render. */
  update: undefined;
};

/** The part of `window.dialdeck` the phone uses; all optional so tests can leave parts out. */
export type PhoneHost = Partial<
  Pick<DialdeckApi, 'addCallRecord' | 'notify' | 'setCallActive' | 'setAttention' | 'writeLog'>
>;

export type PhoneOptions = {
  settings: Settings;
  password: string | null;
  host?: PhoneHost;
  /** Tests give a fake socket that plays the PBX; by default JsSIP's WebSocketInterface. */
  socketFactory?: SocketFactory;
  /** Echo cancellation, noise suppression and AGC on the microphone; tests measuring a tone turn it off. */
  audioProcessing?: boolean;
  /** Seconds between reconnection attempts, drawn at random between these (reconnect.ts). */
  reconnect?: ReconnectPolicy;
  userAgent?: string;
  /** Where the OS reports the network gone or back (`offline`/`online`); by default the window. */
  network?: EventTarget | null;
  /** `navigator.connection`, whose change of kind renews the connection; by default the browser's (none in tests). */
  connection?: NetworkConnection | null;
  /** The document, whose turn to visible probes the connection; by default the page's (none in tests). */
  visibility?: PageVisibility | null;
  /** The CRLF keep-alive's bounds (flow-keepalive.ts); only tests change them. */
  keepAlive?: Partial<KeepAliveTiming>;
};
