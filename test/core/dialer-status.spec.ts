/**
 * Which dialer problem the supervisor sees on a campaign (issue 11): a campaign's own account's problem on that
 * campaign only, the server-wide account's on every predictive campaign, and the server's lines being full not
 * on a campaign that dials on lines of its own.
 */
import { expect, test } from '@playwright/test';
import { campaignDialerProblem, type DialerStatus } from '../../core/dialer-status';

const problem = (code: 'dialer_auth_refused' | 'dialer_proxy_refused' | 'dialer_trunk_full') => ({
  code,
  params: { detail: `${code} detail` },
  error: `the dialer cannot place calls: ${code}`,
});

const account = (p: ReturnType<typeof problem> | null) => ({
  dialer: 'sip' as const,
  canDial: p === null,
  registration: p ? ('not_registered' as const) : ('registered' as const),
  problem: p,
  lines: { inUse: 0, max: null },
});

const status = (
  serverWide: ReturnType<typeof problem> | null,
  own: Record<string, ReturnType<typeof problem> | null>,
) =>
  ({
    ...account(serverWide),
    campaigns: Object.entries(own).map(([campaignId, p]) => ({ campaignId, ...account(p) })),
  }) satisfies DialerStatus;

test("a campaign's own account refused shows on that campaign only", () => {
  const s = status(null, { b: problem('dialer_auth_refused'), c: null });
  expect(campaignDialerProblem(s, 'b')).toEqual({
    problem: problem('dialer_auth_refused'),
    ownAccount: true,
  });
  expect(campaignDialerProblem(s, 'a')).toBeNull();
  expect(campaignDialerProblem(s, 'c')).toBeNull();
});

test('the server-wide account unreachable shows on every campaign, own account or not', () => {
  const s = status(problem('dialer_proxy_refused'), { b: null });
  expect(campaignDialerProblem(s, 'a')).toEqual({
    problem: problem('dialer_proxy_refused'),
    ownAccount: false,
  });
  expect(campaignDialerProblem(s, 'b')).toEqual({
    problem: problem('dialer_proxy_refused'),
    ownAccount: false,
  });
});

test("the campaign's own problem comes first when both accounts fail", () => {
  const s = status(problem('dialer_proxy_refused'), { b: problem('dialer_auth_refused') });
  expect(campaignDialerProblem(s, 'b')?.ownAccount).toBe(true);
  expect(campaignDialerProblem(s, 'b')?.problem.code).toBe('dialer_auth_refused');
});

test("the server's lines being full does not hold up a campaign dialling on its own account", () => {
  const s = status(problem('dialer_trunk_full'), { b: null });
  expect(campaignDialerProblem(s, 'a')?.problem.code).toBe('dialer_trunk_full');
  expect(campaignDialerProblem(s, 'b')).toBeNull();
});

test('an older server without the campaigns list: the server-wide problem', () => {
  const { campaigns: _, ...old } = status(problem('dialer_auth_refused'), {});
  expect(campaignDialerProblem(old, 'a')).toEqual({
    problem: problem('dialer_auth_refused'),
    ownAccount: false,
  });
});
