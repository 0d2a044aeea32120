/** The Public API's operator queries: create one with its campaigns, list them with their live state. */
import type { Sql } from './db';

export async function operatorLoginTaken(tx: Sql, login: string): Promise<boolean> {
  return (await tx.query('SELECT 1 FROM operators WHERE login = $1', [login])).length > 0;
}

/** Campaign ids among `ids` that do not exist. */
export async function unknownCampaigns(tx: Sql, ids: string[]): Promise<string[]> {
  const found = await tx.query<{ id: string }>('SELECT id FROM campaigns WHERE id = ANY($1::text[])', [ids]);
  return ids.filter((id) => !found.some((f) => f.id === id));
}

export async function insertOperator(
  tx: Sql,
  o: {
    id: string;
    login: string;
    name: string;
    sipUser: string;
    tokenHash: string;
    campaigns: string[];
    now: Date;
  },
): Promise<void> {
  await tx.query(
    'INSERT INTO operators (id, login, name, sip_user, token_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
    [o.id, o.login, o.name, o.sipUser, o.tokenHash, o.now],
  );
  for (const c of o.campaigns)
    await tx.query('INSERT INTO campaign_operators (campaign_id, operator_id) VALUES ($1, $2)', [c, o.id]);
}

export async function listOperators(sql: Sql): Promise<Record<string, unknown>[]> {
  return sql.query(
    `SELECT o.id, o.login, o.name, o.sip_user AS "sipUser", o.ready, o.not_ready_reason AS "notReadyReason", o.connected,
            o.current_contact_id::text AS "currentContactId",
            COALESCE((SELECT array_agg(campaign_id ORDER BY campaign_id) FROM campaign_operators co WHERE co.operator_id = o.id), '{}') AS campaigns
       FROM operators o ORDER BY o.login`,
  );
}
