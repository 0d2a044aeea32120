import { expect, test } from '@playwright/test';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { CONTACT_STATE_IDS, displayState } from '../../core/states';
import type { CurrentContact } from '../../core/operator-channel';
import { actionsOffered } from '../../renderer/console/operator-actions';
import { contactPanels, panelFor } from '../../renderer/console/panels/by-state';
import { ContactStatePanel } from '../../renderer/console/panels/ContactStatePanel';
import type { PanelProps } from '../../renderer/console/panels/panel-props';
import { consoleActions } from '../../renderer/console/shortcuts';
import type { Call } from '../../renderer/phone';
import { CallState } from '../../renderer/phone/states';
import { I18nProvider } from '../../renderer/i18n/i18n';
import { createTranslator, type Locale } from '../../core/i18n';
import { en } from '../../core/i18n/en';
import { cs } from '../../core/i18n/cs';
import { formatPhoneNumber } from '../../core/i18n/phone-format';

const contact: CurrentContact = {
  contact: {
    id: '7',
    campaignId: '1',
    name: 'Ada Lovelace',
    number: '+12025550101',
    customFields: { plan: 'gold' },
    externalId: null,
    attempts: [],
  },
  view: {
    contactId: '7',
    state: 'INITIAL',
    attemptId: null,
    offerExpiresAt: null,
    bcwEndsAt: null,
    acwEndsAt: null,
  },
};

function fakeCall(state: CallState, direction: 'inbound' | 'outbound' = 'outbound'): Call {
  const live = state !== CallState.Dialling && state !== CallState.Ended;
  return {
    state,
    direction,
    isLive: live,
    ended: state === CallState.Ended,
    muted: false,
    onHold: false,
    quality: null,
    answeredAt: null,
    sendDtmf: () => true,
  } as unknown as Call;
}

/** What the console shows for `state` (an id off the wire) with `call` on the phone. */
function render(
  state: string,
  call: Call | null = null,
  locale: Locale = 'en',
  over: { script?: string; contact?: Partial<CurrentContact['contact']> } = {},
): string {
  const current = { contact: { ...contact.contact, ...over.contact }, view: { ...contact.view, state } };
  const props: PanelProps = {
    current,
    call,
    campaign: {
      id: '1',
      name: 'Spring',
      mode: 'preview',
      status: 'RUNNING',
      bcwSeconds: 10,
      offerTimeoutSeconds: 30,
      acwSeconds: null,
      dispositions: [{ code: 'success', label: 'Success', kind: 'success' }],
      script: over.script ?? '',
      screenPop: null,
    } as PanelProps['campaign'],
    clockOffsetMs: 0,
    offered: actionsOffered(state, call),
    perform: () => undefined,
    shortcut: (a) => consoleActions.find((x) => x.id === a)!.key,
    submitAfterCallWork: async () => undefined,
    registerSubmit: () => undefined,
    openPage: () => undefined,
  };
  const translator = createTranslator(locale, locale === 'cs' ? cs : en, 'CZ', formatPhoneNumber);
  return renderToStaticMarkup(
    createElement(
      I18nProvider,
      { ui: { language: locale, region: 'CZ' }, initial: translator },
      createElement(panelFor(state), props),
    ),
  );
}

test('every contact state has a panel; an unknown one gets the plain contact panel', () => {
  expect(Object.keys(contactPanels).sort()).toEqual([...CONTACT_STATE_IDS].sort());
  expect(panelFor('SENT_TO_THE_MOON')).toBe(ContactStatePanel);
});

test('every panel names the state or the task in a heading and shows the contact', () => {
  for (const state of CONTACT_STATE_IDS) {
    const html = render(state);
    expect(html, state).toMatch(/<h2>[^<]+/);
    expect(html, state).toContain('Ada Lovelace');
    expect(html, state).toContain('+12025550101');
  }
  expect(render('SUCCESS')).toContain(`<h2>${displayState('SUCCESS')}</h2>`);
  expect(render('SENT_TO_THE_MOON')).toContain('<h2>UNKNOWN</h2>');
});

test('a panel shows a button, with its keys, for each action its state offers and no other', () => {
  const offer = render('OPERATOR_ASSIGNED');
  expect(offer).toContain('Accept <kbd class="shortcut">Alt+A</kbd>');
  expect(offer).toContain('Decline <kbd class="shortcut">Alt+D</kbd>');
  const bcw = render('BCW');
  expect(bcw).toContain('Call now <kbd class="shortcut">Alt+C</kbd>');
  expect(bcw).toContain('Reject <kbd class="shortcut">Alt+R</kbd>');
  expect(render('ACW')).toContain('Complete <kbd class="shortcut">Ctrl+Enter</kbd>');
  for (const state of ['SUCCESS', 'RETRY_SCHEDULED', 'DIAL_FAILED', 'SENT_TO_THE_MOON'])
    expect(render(state), state).not.toContain('<button');
});

test('a call being set up shows its progress, and the call controls as soon as the phone connects', () => {
  const ringing = render('CALLING', fakeCall(CallState.Ringing));
  expect(ringing).toContain('data-testid="calling-panel"');
  expect(ringing).toContain('Ringing…');
  expect(ringing).toContain('Cancel <kbd class="shortcut">Alt+R</kbd>');
  // A predictive customer being connected to us: nothing to cancel.
  const predictive = render('CALLING', fakeCall(CallState.Incoming, 'inbound'));
  expect(predictive).toContain('Connecting the customer…');
  expect(predictive).not.toContain('Cancel');
  // The phone is up before the server's CALL_IN_PROGRESS arrives.
  const connected = render('CALLING', fakeCall(CallState.Connected));
  expect(connected).toContain('data-testid="in-call-panel"');
  expect(connected).toContain('Hang up <kbd class="shortcut">Alt+H</kbd>');
  expect(render('CALL_IN_PROGRESS')).toContain('The call is not on this workstation’s phone.');
});

test('in Czech, the panels speak Czech: state names, actions and the countdown words', () => {
  const offer = render('OPERATOR_ASSIGNED', null, 'cs');
  expect(offer).toContain('<h2>Nový kontakt</h2>');
  expect(offer).toContain('Přijmout <kbd class="shortcut">Alt+A</kbd>');
  expect(offer).toContain('Přeskočit <kbd class="shortcut">Alt+D</kbd>');
  expect(render('BCW', null, 'cs')).toContain('Volat <kbd class="shortcut">Alt+C</kbd>');
  expect(render('BCW', null, 'cs')).toContain('Odmítnout <kbd class="shortcut">Alt+R</kbd>');
  expect(render('ACW', null, 'cs')).toContain('Dokončit <kbd class="shortcut">Ctrl+Enter</kbd>');
  expect(render('SUCCESS', null, 'cs')).toContain('<h2>Úspěch</h2>');
  expect(render('SENT_TO_THE_MOON', null, 'cs')).toContain('<h2>NEZNÁMÝ</h2>');
  expect(render('CALL_IN_PROGRESS', null, 'cs')).toContain(
    'Hovor neprobíhá na telefonu této pracovní stanice.',
  );
  // A foreign number is shown internationally to a Czech operator; the E.164 form stays for tools.
  expect(render('SUCCESS', null, 'cs')).toContain('+1 202 555 0101');
});

// campaign script (issue 13.6)
test('BCW and the call show the campaign script with the contact’s values; none without a script', () => {
  const script = '## Opening\n\nGood morning, **{{name}}**. Your plan is {{plan}}; ref {{externalId}}.';
  for (const state of ['BCW', 'CALL_IN_PROGRESS']) {
    const html = render(state, null, 'en', { script, contact: { externalId: 'CRM-7' } });
    expect(html, state).toContain('<h3 id="campaign-script-heading">Script</h3>');
    expect(html, state).toContain('<h5>Opening</h5>');
    expect(html, state).toContain(
      '<strong><span class="script-value" data-field="name">Ada Lovelace</span></strong>',
    );
    expect(html, state).toContain('data-field="plan">gold</span>');
    expect(html, state).toContain('data-field="externalId">CRM-7</span>');
  }
  expect(render('BCW')).not.toContain('campaign-script');
  expect(render('BCW', null, 'cs', { script: 'Hi {{nickname}}' })).toContain('[chybí nickname]');
});

test('a hostile contact and a hostile script are drawn as text: no element, attribute or link comes from them', () => {
  const script =
    '# {{name}}\n\n{{img}} {{link}} {{bold}} {{nested}}\n\n<script>alert(2)</script> <img src=x onerror=alert(3)>\n\n' +
    '[bad](javascript:alert(4)) [ok](https://crm.example.com/c/{{externalId}}) [data](data:text/html,hi)';
  const html = render('BCW', null, 'en', {
    script,
    contact: {
      name: '<script>alert(1)</script>',
      externalId: '../x?y#z',
      customFields: {
        img: '<img src=x onerror=alert(1)>',
        link: '[x](javascript:alert(1))',
        bold: '**bold**',
        nested: '{{name}}',
      },
    },
  });
  const body = html.slice(html.indexOf('campaign-script-body'));
  // Every element in the script is one the console draws itself; no tag carries an event handler or a script URL.
  const tags = new Set([...body.matchAll(/<([a-z0-9]+)/g)].map((m) => m[1]));
  expect([...tags].sort()).toEqual(['a', 'h4', 'p', 'span']);
  expect(body).not.toMatch(/<[^>]*\son\w+=/);
  expect(body).not.toMatch(/<[^>]*(javascript|data):/);
  expect(body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  expect(body).toContain('&lt;img src=x onerror=alert(1)&gt;');
  expect(body).toContain('[x](javascript:alert(1))');
  expect(body).toContain('**bold**');
  expect(body).toContain('data-field="nested">{{name}}</span>');
  // Only the http(s) link is a link, and the value in its target is percent-encoded.
  expect([...body.matchAll(/<a /g)]).toHaveLength(1);
  expect(body).toContain('href="https://crm.example.com/c/..%2Fx%3Fy%23z"');
});
