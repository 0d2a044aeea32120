/** Drives the bare JsSIP page (test/support/bare-jssip) from Playwright. */
import type { Page } from '@playwright/test';
import type { Bare } from '../../support/bare-jssip/page';

type BareWindow = { bare: Bare };

export async function register(page: Page, wsUrl: string, user: string, password: string, domain: string) {
  await page.waitForFunction(() => Boolean((window as unknown as Partial<BareWindow>).bare));
  await page.evaluate(
    ([wsUrl, uri, password]) =>
      (window as unknown as BareWindow).bare.register({ wsUrl: wsUrl!, uri: uri!, password: password! }),
    [wsUrl, `sip:${user}@${domain}`, password],
  );
}

export function state(page: Page): Promise<string> {
  return page.evaluate(() => (window as unknown as BareWindow).bare.state);
}

export function events(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as BareWindow).bare.events);
}

export function dial(page: Page, target: string): Promise<void> {
  return page.evaluate((t) => (window as unknown as BareWindow).bare.call(t), target);
}

export function hangup(page: Page): Promise<void> {
  return page.evaluate(() => (window as unknown as BareWindow).bare.hangup());
}

export function inboundAudio(page: Page) {
  return page.evaluate(() => (window as unknown as BareWindow).bare.inboundAudio());
}

export function sendDtmf(page: Page, digits: string, transport: 'INFO' | 'RFC2833') {
  return page.evaluate(
    ([d, t]) => (window as unknown as BareWindow).bare.sendDTMF(d!, t as 'INFO' | 'RFC2833'),
    [digits, transport],
  );
}

export function incoming(page: Page) {
  return page.evaluate(() => (window as unknown as BareWindow).bare.lastIncoming);
}

export function hold(page: Page, on: boolean) {
  return page.evaluate(
    (h) =>
      h ? (window as unknown as BareWindow).bare.hold() : (window as unknown as BareWindow).bare.unhold(),
    on,
  );
}
