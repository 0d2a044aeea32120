/**
 * Click-to-dial in the page, and what the host needs to know of the phone for updates.
 *
 *   link (argv, open-url, /?dial=) ─► host parses (core/dial-uri.ts) ─► `dialRequested` ─► Shell shows Phone
 *     ─► PhoneView `useClickToDial` takes the request once ─► number in the dial pad (or dialled at once)
 *
 * Taking the request from the host (`takeDialRequest`) rather than acting on the event makes it happen once,
 * whether the link arrived before the page loaded, while the Phone view was open, or while another view was.
 */
import { useEffect, useState } from 'react';
import type { DialdeckApi, DialRequest } from '../../core/contract';
import { RegistrationState, type Phone } from '../phone';
import { useHost } from '../host';
import { usePhoneInstance } from './PhoneProvider';
import { usePhoneValue } from './use-phone-value';
import './click-to-dial.css';

/** The query parameter browser mode reads: `/?dial=tel:+15550100`. */
export const DIAL_QUERY_PARAM = 'dial';

/**
 * For the shell: hands a `?dial=` link of the page's own address to the host (once: the parameter is removed,
 * so a reload does not dial again), and calls `show` whenever a dial link arrives.
 */
export function useDialLinks(api: DialdeckApi, show: () => void): void {
  useEffect(() => {
    const off = api.on('dialRequested', show);
    const url = new URL(window.location.href);
    const uri = url.searchParams.get(DIAL_QUERY_PARAM);
    if (uri !== null) {
      url.searchParams.delete(DIAL_QUERY_PARAM);
      window.history.replaceState(null, '', url);
      // The host refuses a bad link itself and says why through `dialRequested`.
      void api.requestDial({ uri }).catch((err: unknown) => console.error('dial link', err));
    }
    return off;
  }, [api, show]);
}

export type DialLinkNotice = { kind: 'prefilled' | 'dialled' | 'refused'; text: string };

/** For the Phone view: puts the link's number in the dial pad (or dials at once) and says what happened. */
export function useClickToDial(phone: Phone | null, setNumber: (n: string) => void): DialLinkNotice | null {
  const { api } = useHost();
  const [request, setRequest] = useState<DialRequest | null>(null);
  const [notice, setNotice] = useState<DialLinkNotice | null>(null);
  const [dialNow, setDialNow] = useState<string | null>(null);

  useEffect(() => {
    const take = () => void api.takeDialRequest().then((r) => r && setRequest(r));
    take();
    return api.on('dialRequested', take);
  }, [api]);

  useEffect(() => {
    if (!request) return;
    setRequest(null);
    if (!request.ok) return setNotice({ kind: 'refused', text: request.message });
    setNumber(request.number);
    const ext = request.extension ? ` (extension ${request.extension})` : '';
    if (request.dialAtOnce) {
      setDialNow(request.number);
      setNotice({ kind: 'dialled', text: `Dialling ${request.number}${ext} from a link.` });
    } else {
      setNotice({ kind: 'prefilled', text: `${request.number}${ext} from a link: press Call to dial.` });
    }
  }, [request, setNumber]);

  // A link that started the app arrives before the phone has registered: dial once it has.
  const registered = phone?.registration.state === RegistrationState.Registered;
  useEffect(() => {
    if (!dialNow || !phone || !registered) return;
    setDialNow(null);
    if (!phone.currentCall) phone.call(dialNow, { requestedAt: performance.now() });
  }, [dialNow, phone, registered]);

  return notice;
}

/** Tells the host the phone's current call state (updates wait for it); renders nothing. */
export function PhoneStateReport(): null {
  const { api } = useHost();
  // Re-rendered when the call's state changes, not on every update of the phone (a quality sample, a mute).
  const call = usePhoneValue(usePhoneInstance(), (phone) => phone?.currentCall?.state ?? null);
  useEffect(() => {
    void api.reportPhoneState({ call }).catch(() => undefined);
  }, [api, call]);
  return null;
}
