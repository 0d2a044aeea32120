/**
 * The dialer's status for the whole supervisor view (`adminDialerStatus`, GET /api/v1/dialer/status), polled
 * once while an open predictive campaign is listed: the campaign list marks each campaign's row from it and the
 * shown campaign's banner words it, so both always agree.
 */
import { useEffect, useState } from 'react';
import type { DialerStatus } from '../../core/dialer-status';
import { useHost } from '../host';

const POLL_MS = 3000;

export function useDialerStatus(wanted: boolean): DialerStatus | null {
  const { api } = useHost();
  const [status, setStatus] = useState<DialerStatus | null>(null);

  useEffect(() => {
    if (!wanted) {
      setStatus(null);
      return;
    }
    let live = true;
    const read = async () => {
      try {
        const s = await api.adminDialerStatus();
        if (live) setStatus(s);
      } catch {
        // The view's own banner says when the server does not answer; an older server has no status to show.
        if (live) setStatus(null);
      }
    };
    void read();
    const timer = setInterval(() => void read(), POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [api, wanted]);

  return status;
}
