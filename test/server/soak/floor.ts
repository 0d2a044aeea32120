/**
 * The operators' floor of a two-instance predictive run (the soak day and the lease test): operators signed up
 * through the Public API, one headless agent each with half the floor on each instance (each failing over to the
 * other), and what the agents recorded, for the tally.
 */
import { PredictiveAgent, type AgentOptions } from '../predictive-agent';
import type { Api } from '../support';
import type { RestartableMockSip, ServerInstance } from './lab';
import { TRANSIENT_STATES } from './tally';

export type SipUser = { user: string; password: string };

/** Signs up one operator per SIP user, `<prefix>0`, `<prefix>1` …; their logins and channel tokens. */
export async function signUpOperators(
  api: Api,
  prefix: string,
  users: SipUser[],
): Promise<{ logins: string[]; tokens: string[] }> {
  const logins = users.map((_, i) => `${prefix}${i}`);
  const tokens: string[] = [];
  for (const [i, login] of logins.entries())
    tokens.push(
      (
        await api.ok<{ token: string }>('POST', '/operators', {
          login,
          name: login,
          sipUser: users[i]!.user,
        })
      ).token,
    );
  return { logins, tokens };
}

/** Starts an agent per operator: even ones on A first, odd ones on B first. `onCallTaken` gets the operator's index. */
export async function startFloor(o: {
  instances: [ServerInstance, ServerInstance];
  pbx: RestartableMockSip;
  users: SipUser[];
  logins: string[];
  tokens: string[];
  talkMs: AgentOptions['talkMs'];
  acwMs: AgentOptions['acwMs'];
  onCallTaken: (operator: number) => void;
}): Promise<PredictiveAgent[]> {
  const [a, b] = o.instances;
  const agents: PredictiveAgent[] = [];
  for (const [i, login] of o.logins.entries()) {
    const agent = new PredictiveAgent({
      urls: i % 2 === 0 ? [a.url, b.url] : [b.url, a.url],
      login,
      token: o.tokens[i]!,
      sip: { wsUrl: o.pbx.sip.wsUrl, domain: o.pbx.sip.domain, ...o.users[i]! },
      talkMs: o.talkMs,
      acwMs: o.acwMs,
      onCallTaken: () => o.onCallTaken(i),
    });
    agents.push(agent);
    await agent.start();
  }
  return agents;
}

/** Contacts still on their way somewhere, plus agents still on a call or in after-call work: 0 once the floor is quiet. */
export async function stillMoving(api: Api, campaignId: string, agents: PredictiveAgent[]): Promise<number> {
  const r = await api.ok<{ contactsByState: Record<string, number> }>(
    'GET',
    `/campaigns/${campaignId}/report`,
  );
  const inTransit = TRANSIENT_STATES.reduce((n, s) => n + (r.contactsByState[s] ?? 0), 0);
  return inTransit + agents.filter((x) => x.busy).length;
}

/** What the agents did, summed over the floor: how often each contact was talked to, and which were completed. */
export function agentRecords(agents: PredictiveAgent[]): {
  talked: Map<string, number>;
  completed: Set<string>;
} {
  const talked = new Map<string, number>();
  const completed = new Set<string>();
  for (const agent of agents) {
    for (const [id, n] of agent.talked) talked.set(id, (talked.get(id) ?? 0) + n);
    for (const id of agent.completed) completed.add(id);
  }
  return { talked, completed };
}
