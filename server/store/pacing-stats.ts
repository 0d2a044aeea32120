/** What predictive pacing reads about one campaign: operators free and busy, calls in flight, recent history. */
import type { ContactState } from '../../core/states';
import type { Sql } from './db';

export interface PredictiveStats {
  ready: number;
  inFlight: number;
  waiting: number;
  answered: number;
  finished: number;
  abandoned: number;
  avgSecondsToAnswer: number | null;
  avgTalkSeconds: number | null;
}

/**
 * Counts for the campaign's predictive attempts started after `since`. `ringing` is the state of a call
 * placed and not yet answered, `waiting` that of an answered customer with no operator.
 */
export async function predictiveStats(
  sql: Sql,
  campaignId: string,
  since: Date,
  states: { ringing: ContactState; waiting: ContactState },
): Promise<PredictiveStats> {
  const [s] = await sql.query<{
    ready: number;
    in_flight: number;
    waiting: number;
    answered: number;
    finished: number;
    abandoned: number;
    to_answer: number | null;
    talk: number | null;
  }>(
    `SELECT
       (SELECT count(*) FROM operators o JOIN campaign_operators co ON co.operator_id = o.id AND co.campaign_id = $1
         WHERE o.ready AND o.connected AND o.current_contact_id IS NULL) AS ready,
       (SELECT count(*) FROM contacts WHERE campaign_id = $1 AND state = $3 AND operator_id IS NULL) AS in_flight,
       (SELECT count(*) FROM contacts WHERE campaign_id = $1 AND state = $4) AS waiting,
       count(*) FILTER (WHERE answered_at IS NOT NULL) AS answered,
       count(*) FILTER (WHERE answered_at IS NOT NULL OR ended_at IS NOT NULL) AS finished,
       count(*) FILTER (WHERE outcome = 'abandoned') AS abandoned,
       avg(EXTRACT(EPOCH FROM (answered_at - started_at))) AS to_answer,
       avg(EXTRACT(EPOCH FROM (ended_at - answered_at))) FILTER (WHERE outcome = 'answered') AS talk
     FROM attempts WHERE campaign_id = $1 AND mode = 'predictive' AND started_at > $2`,
    [campaignId, since, states.ringing, states.waiting],
  );
  return {
    ready: Number(s!.ready),
    inFlight: Number(s!.in_flight),
    waiting: Number(s!.waiting),
    answered: Number(s!.answered),
    finished: Number(s!.finished),
    abandoned: Number(s!.abandoned),
    avgSecondsToAnswer: s!.to_answer === null ? null : Number(s!.to_answer),
    avgTalkSeconds: s!.talk === null ? null : Number(s!.talk),
  };
}

/**
 * The campaign's Ready operators on a contact in `talking` or `wrapping`, with when that phase began
 * (answer time while talking, call end while wrapping up).
 */
export async function busyOperators(
  sql: Sql,
  campaignId: string,
  states: { talking: ContactState; wrapping: ContactState },
): Promise<Array<{ wrapping: boolean; since: Date | null }>> {
  const rows = await sql.query<{ state: string; since: Date | null }>(
    `SELECT c.state, CASE WHEN c.state = $3 THEN a.ended_at ELSE a.answered_at END AS since
       FROM operators o JOIN campaign_operators co ON co.operator_id = o.id AND co.campaign_id = $1
       JOIN contacts c ON c.id = o.current_contact_id LEFT JOIN attempts a ON a.id = c.current_attempt_id
      WHERE o.ready AND o.connected AND c.state IN ($2, $3)`,
    [campaignId, states.talking, states.wrapping],
  );
  return rows.map((r) => ({ wrapping: r.state === states.wrapping, since: r.since }));
}
