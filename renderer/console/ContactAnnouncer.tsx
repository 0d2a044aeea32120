/**
 * The console's two live regions, mounted with the campaign session so an offer is heard on any view: an
 * offer is announced assertively once, a countdown politely at a few marks (announcements.ts). Both regions
 * stay in the page from the start, since a screen reader only follows regions it has already seen.
 */
import { useEffect, useRef, useState } from 'react';
import type { CampaignSession } from '../../core/contract';
import { countdownOf, markReached, offerAnnouncement } from './announcements';
import { isOffer } from './operator-actions';
import { useCountdown } from './use-countdown';
import { useI18n } from '../i18n/i18n';

export function ContactAnnouncer({ session }: { session: CampaignSession | null }) {
  const current = session?.current ?? null;
  const { t } = useI18n();
  const [offerText, setOfferText] = useState('');
  const [countdownText, setCountdownText] = useState('');
  const offerFor = useRef<string | null>(null);

  const offer = current && isOffer(current.view.state) ? current : null;
  useEffect(() => {
    if (!offer || offerFor.current === offer.contact.id) return;
    offerFor.current = offer.contact.id;
    setOfferText(offerAnnouncement(offer, t));
  }, [offer, t]);

  const countdown = countdownOf(current);
  const left = useCountdown(countdown?.endsAt ?? null, session?.clockOffsetMs ?? 0);
  const running = countdown?.endsAt ? `${current?.contact.id}:${current?.view.state}` : null;
  const seen = useRef<{ running: string | null; left: number | null }>({ running: null, left: null });
  useEffect(() => {
    const before = seen.current.running === running ? seen.current.left : null;
    if (seen.current.running !== running) setCountdownText('');
    seen.current = { running, left };
    const mark = markReached(before, left);
    if (mark !== null && left !== null && countdown) setCountdownText(countdown.say(left, t));
  }, [countdown, left, running, t]);

  return (
    <>
      <div className="visually-hidden" aria-live="assertive" aria-atomic="true" data-testid="announce-offer">
        {offerText}
      </div>
      <div className="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="announce-countdown">
        {countdownText}
      </div>
    </>
  );
}
