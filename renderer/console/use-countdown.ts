import { useEffect, useState } from 'react';

/**
 * Seconds left until `endsAt` on the server's clock (`offsetMs` = server minus local, from the operator
 * channel's heartbeats), re-rendered several times a second so the number never lags a whole second.
 */
export function useCountdown(endsAt: string | null, offsetMs: number): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!endsAt) return;
    const t = setInterval(() => setNow(Date.now()), 200);
    return () => clearInterval(t);
  }, [endsAt]);
  if (!endsAt) return null;
  return Math.max(0, Math.ceil((Date.parse(endsAt) - (now + offsetMs)) / 1000));
}
