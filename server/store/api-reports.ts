/** The figures of a campaign report, counted in the database. */
import type { Sql } from './db';

export interface CampaignFigures {
  contactsByState: Record<string, number>;
  notReached: number;
  attempts: { total: number; counted: number; answered: number; abandoned: number };
  /** Mean talk time of answered attempts that ended, in seconds; null when there is none. */
  averageHandlingSeconds: number | null;
}

export async function campaignFigures(sql: Sql, campaignId: string): Promise<CampaignFigures> {
  const states = await sql.query<{ state: string; n: number }>(
    'SELECT state, count(*) AS n FROM contacts WHERE campaign_id = $1 GROUP BY state',
    [campaignId],
  );
  const [a] = await sql.query<{
    total: number;
    counted: number;
    answered: number;
    abandoned: number;
    aht: number | null;
    not_reached: number;
  }>(
    `SELECT count(*) AS total, count(*) FILTER (WHERE counts) AS counted,
            count(*) FILTER (WHERE answered_at IS NOT NULL) AS answered,
            count(*) FILTER (WHERE outcome = 'abandoned') AS abandoned,
            avg(EXTRACT(EPOCH FROM (ended_at - answered_at))) FILTER (WHERE answered_at IS NOT NULL AND ended_at IS NOT NULL) AS aht,
            (SELECT count(*) FROM contacts WHERE campaign_id = $1 AND state = 'RETRY_SCHEDULED' AND retry_at IS NULL) AS not_reached
       FROM attempts WHERE campaign_id = $1`,
    [campaignId],
  );
  // count() comes back as bigint text from node-postgres; numbers from PGlite.
  return {
    contactsByState: Object.fromEntries(states.map((s) => [s.state, Number(s.n)])),
    notReached: Number(a!.not_reached),
    attempts: {
      total: Number(a!.total),
      counted: Number(a!.counted),
      answered: Number(a!.answered),
      abandoned: Number(a!.abandoned),
    },
    averageHandlingSeconds: a!.aht === null ? null : Number(a!.aht),
  };
}
