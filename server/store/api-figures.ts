/**
 * The operator's day, as figures: calls, talk time, success rate, time in each state and Not ready per reason,
 * for one calendar day in a time zone. Stretches of the state log that cross midnight count on each side; the
 * open one counts up to now.
 */
import {
  OPERATOR_STATES,
  notReadyOverdue,
  type OperatorFigures,
  type OperatorState,
} from '../../core/operator-day';
import type { Sql } from './db';

interface Day {
  date: string;
  timeZone: string;
  now: Date;
  operatorId?: string | undefined;
}

export async function operatorFigures(sql: Sql, d: Day): Promise<OperatorFigures[]> {
  const [bounds] = await sql.query<{ from: Date; to: Date }>(
    `SELECT ($1::date)::timestamp AT TIME ZONE $2 AS "from", ($1::date + 1)::timestamp AT TIME ZONE $2 AS "to"`,
    [d.date, d.timeZone],
  );
  const { from, to } = bounds!;
  const until = d.now < to ? d.now : to;
  const only = d.operatorId ?? null;
  const operators = await sql.query<{ id: string; login: string; name: string }>(
    'SELECT id, login, name FROM operators WHERE $1::text IS NULL OR id = $1 ORDER BY login',
    [only],
  );
  const states = await sql.query<{
    operator_id: string;
    state: OperatorState;
    reason_id: string | null;
    reason: string | null;
    reason_name: string | null;
    paid: boolean | null;
    seconds: number;
  }>(
    `SELECT s.operator_id, s.state, s.reason_id, s.reason, r.name AS reason_name, r.paid,
            sum(GREATEST(0, EXTRACT(EPOCH FROM LEAST(COALESCE(s.ended_at, $3), $2) - GREATEST(s.started_at, $1))))::float8 AS seconds
       FROM operator_states s LEFT JOIN not_ready_reasons r ON r.id = s.reason_id
      WHERE s.started_at < $2 AND (s.ended_at IS NULL OR s.ended_at > $1) AND ($4::text IS NULL OR s.operator_id = $4)
      GROUP BY s.operator_id, s.state, s.reason_id, s.reason, r.name, r.paid`,
    [from, to, until, only],
  );
  const calls = await sql.query<{
    operator_id: string;
    calls: number;
    answered: number;
    succeeded: number;
    talk: number;
  }>(
    `SELECT a.operator_id, count(*)::int AS calls, count(a.answered_at)::int AS answered,
            count(*) FILTER (WHERE a.answered_at IS NOT NULL AND EXISTS (
              SELECT 1 FROM campaigns k, jsonb_array_elements(k.settings->'dispositions') o
               WHERE k.id = a.campaign_id AND o->>'code' = a.disposition AND o->>'kind' = 'success'))::int AS succeeded,
            COALESCE(sum(GREATEST(0, EXTRACT(EPOCH FROM COALESCE(a.ended_at, $3) - a.answered_at)))
              FILTER (WHERE a.answered_at IS NOT NULL), 0)::float8 AS talk
       FROM attempts a
      WHERE a.started_at >= $1 AND a.started_at < $2 AND a.operator_id IS NOT NULL AND ($4::text IS NULL OR a.operator_id = $4)
      GROUP BY a.operator_id`,
    [from, to, until, only],
  );
  const open = await sql.query<{
    operator_id: string;
    state: OperatorState;
    reason_id: string | null;
    reason: string | null;
    started_at: Date;
    max_seconds: number | null;
  }>(
    `SELECT DISTINCT ON (s.operator_id) s.operator_id, s.state, s.reason_id, s.reason, s.started_at, r.max_seconds
       FROM operator_states s LEFT JOIN not_ready_reasons r ON r.id = s.reason_id
      WHERE s.ended_at IS NULL AND ($1::text IS NULL OR s.operator_id = $1)
      ORDER BY s.operator_id, s.id DESC`,
    [only],
  );
  return operators.map((op) => {
    const seconds = Object.fromEntries(OPERATOR_STATES.map((s) => [s, 0])) as Record<OperatorState, number>;
    const notReady = new Map<string, OperatorFigures['notReady'][number]>();
    for (const row of states.filter((r) => r.operator_id === op.id)) {
      seconds[row.state] += row.seconds;
      if (row.state !== 'not_ready') continue;
      const key = row.reason_id ?? `text:${row.reason ?? ''}`;
      const entry = notReady.get(key) ?? {
        reasonId: row.reason_id,
        name: row.reason_name ?? row.reason ?? '',
        paid: row.paid,
        seconds: 0,
      };
      entry.seconds += row.seconds;
      notReady.set(key, entry);
    }
    const c = calls.find((r) => r.operator_id === op.id);
    const now = open.find((r) => r.operator_id === op.id);
    return {
      operatorId: op.id,
      login: op.login,
      name: op.name,
      calls: c?.calls ?? 0,
      answered: c?.answered ?? 0,
      successRate: c && c.answered > 0 ? c.succeeded / c.answered : null,
      talkSeconds: c?.talk ?? 0,
      seconds,
      notReadySeconds: seconds.not_ready,
      notReady: [...notReady.values()].sort((a, b) => b.seconds - a.seconds),
      current: now
        ? {
            state: now.state,
            since: now.started_at.toISOString(),
            reasonId: now.reason_id,
            reason: now.reason,
            overdue:
              now.state === 'not_ready' &&
              notReadyOverdue({ maxSeconds: now.max_seconds }, now.started_at, d.now),
          }
        : null,
    };
  });
}
