/**
 * The soak's count, from what the Public API records and what the real peers saw: contacts lost (a customer who
 * talked to an operator without a completed record, a contact that can never move again, an attempt count that
 * disagrees with its attempts), stuck (still in a transient state once the floor is quiet), dialled twice (two
 * calls connected for one contact, or two calls ringing one number at once), and the abandon rate.
 */
import type { CallInfo } from '../../../mock-sip/index';
import type { Api } from '../support';

/** States a contact passes through; none may remain once every call has ended and every operator is done. */
export const TRANSIENT_STATES = [
  'OPERATOR_ASSIGNED',
  'BCW',
  'CALLING',
  'AWAITING_FREE_OPERATOR',
  'CALL_IN_PROGRESS',
  'ACW',
] as const;

type ContactView = { id: string; phone: string; state: string; attempts: number; retryAt: string | null };
type Attempt = {
  operator: string | null;
  answeredAt: string | null;
  outcome: string | null;
  counts: boolean;
  disposition: string | null;
};

export interface Tally {
  contacts: number;
  byState: Record<string, number>;
  lost: string[];
  stuck: string[];
  dialledTwice: string[];
  answered: number;
  abandoned: number;
  abandonRate: number;
}

export async function allContacts(api: Api, campaignId: string): Promise<ContactView[]> {
  const out: ContactView[] = [];
  let after: string | null = null;
  do {
    const page: { contacts: ContactView[]; next: string | null } = await api.ok(
      'GET',
      `/campaigns/${campaignId}/contacts?limit=1000${after ? `&after=${after}` : ''}`,
    );
    out.push(...page.contacts);
    after = page.next;
  } while (after);
  return out;
}

export async function tally(
  api: Api,
  campaignId: string,
  o: {
    imported: number;
    maxAttempts: number;
    /** Per contact id: how many calls an operator's phone confirmed, summed over every operator. */
    talked: Map<string, number>;
    /** Per contact id: after-call work an operator submitted. */
    completed: Set<string>;
    /** Every call mock-sip placed, across its restarts. */
    pbxCalls: CallInfo[];
  },
): Promise<Tally> {
  const list = await allContacts(api, campaignId);
  const lost: string[] = [];
  const stuck: string[] = [];
  const twice = new Set<string>();
  if (list.length !== o.imported) lost.push(`${o.imported - list.length} contacts missing from the list`);
  const byState: Record<string, number> = {};
  for (const c of list) {
    byState[c.state] = (byState[c.state] ?? 0) + 1;
    if ((TRANSIENT_STATES as readonly string[]).includes(c.state)) stuck.push(`${c.id} ${c.state}`);
    if (c.state === 'RETRY_SCHEDULED' && c.retryAt === null && c.attempts < o.maxAttempts)
      lost.push(`${c.id} RETRY_SCHEDULED with no retry time after ${c.attempts} attempts`);
    if ((o.talked.get(c.id) ?? 0) > 1) twice.add(`${c.id} reached operators ${o.talked.get(c.id)} times`);
    if (c.state === 'INITIAL' && c.attempts === 0 && !o.talked.has(c.id)) continue;
    const { attemptHistory: attempts } = await api.ok<{ attemptHistory: Attempt[] }>(
      'GET',
      `/contacts/${c.id}`,
    );
    const counted = attempts.filter((a) => a.counts).length;
    if (counted !== c.attempts) lost.push(`${c.id} counts ${c.attempts} attempts but has ${counted}`);
    const connected = attempts.filter((a) => a.answeredAt !== null && a.operator !== null);
    if (connected.length > 1) twice.add(`${c.id} has ${connected.length} attempts connected to an operator`);
    // A customer who talked to an operator whose after-call work went in must have that work on record.
    if (o.completed.has(c.id) && !attempts.some((a) => a.disposition === 'success'))
      lost.push(
        `${c.id} ${c.state}: the operator completed it, the record says ${attempts.map((a) => a.disposition).join(',')}`,
      );
  }
  for (const n of overlappingCalls(o.pbxCalls)) twice.add(`${n} rang twice at once`);
  const report = await api.ok<{ attempts: { answered: number; abandoned: number }; abandonRate: number }>(
    'GET',
    `/campaigns/${campaignId}/report`,
  );
  return {
    contacts: list.length,
    byState,
    lost,
    stuck,
    dialledTwice: [...twice],
    answered: report.attempts.answered,
    abandoned: report.attempts.abandoned,
    abandonRate: report.abandonRate,
  };
}

/** Numbers with two originated calls alive at the same time. */
function overlappingCalls(calls: CallInfo[]): string[] {
  const byNumber = new Map<string, Array<[number, number]>>();
  for (const c of calls) {
    if (c.kind !== 'originate') continue;
    const span: [number, number] = [Date.parse(c.startedAt), c.endedAt ? Date.parse(c.endedAt) : Infinity];
    byNumber.set(c.to, [...(byNumber.get(c.to) ?? []), span]);
  }
  const out: string[] = [];
  for (const [n, spans] of byNumber) {
    spans.sort((a, b) => a[0] - b[0]);
    if (spans.some((s, i) => i > 0 && s[0] < spans[i - 1]![1])) out.push(n);
  }
  return out;
}
