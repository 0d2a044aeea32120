/**
 * The store's schema, as numbered migrations. Each runs once, in order, inside a transaction; an advisory
 * lock keeps two instances starting together from migrating twice. To change the schema add a migration
 * at the end; never edit one that has shipped.
 */
import type { Db } from './db';

export const migrations: string[] = [
  `
  CREATE TABLE campaigns (
    id text PRIMARY KEY,
    name text NOT NULL,
    status text NOT NULL DEFAULT 'DRAFT',
    settings jsonb NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
  );
  CREATE TABLE operators (
    id text PRIMARY KEY,
    login text NOT NULL UNIQUE,
    name text NOT NULL,
    sip_user text NOT NULL,
    token_hash text NOT NULL,
    ready boolean NOT NULL DEFAULT false,
    not_ready_reason text,
    ready_since timestamptz,
    connected boolean NOT NULL DEFAULT false,
    instance_id text,
    resume_token_hash text,
    current_contact_id bigint,
    consecutive_dial_failures int NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL
  );
  CREATE INDEX operators_free ON operators (ready_since) WHERE ready AND connected AND current_contact_id IS NULL;
  CREATE TABLE campaign_operators (
    campaign_id text NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    operator_id text NOT NULL REFERENCES operators(id) ON DELETE CASCADE,
    PRIMARY KEY (campaign_id, operator_id)
  );
  CREATE INDEX campaign_operators_by_operator ON campaign_operators (operator_id);
  CREATE TABLE contacts (
    id bigserial PRIMARY KEY,
    campaign_id text NOT NULL REFERENCES campaigns(id),
    phone_raw text NOT NULL,
    phone text,
    name text NOT NULL DEFAULT '',
    external_id text,
    custom_fields jsonb NOT NULL DEFAULT '{}',
    state text NOT NULL,
    state_reason text,
    attempts int NOT NULL DEFAULT 0,
    retry_at timestamptz,
    operator_id text,
    current_attempt_id bigint,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
  );
  CREATE UNIQUE INDEX contacts_unique_phone ON contacts (campaign_id, phone) WHERE phone IS NOT NULL AND state <> 'REMOVED';
  CREATE UNIQUE INDEX contacts_unique_external ON contacts (campaign_id, external_id) WHERE external_id IS NOT NULL AND state <> 'REMOVED';
  CREATE INDEX contacts_ready ON contacts (campaign_id, id) WHERE state = 'INITIAL';
  CREATE INDEX contacts_retry_due ON contacts (retry_at) WHERE state = 'RETRY_SCHEDULED' AND retry_at IS NOT NULL;
  CREATE INDEX contacts_by_state ON contacts (campaign_id, state, id);
  CREATE INDEX contacts_by_phone ON contacts (phone);
  CREATE TABLE attempts (
    id bigserial PRIMARY KEY,
    contact_id bigint NOT NULL REFERENCES contacts(id),
    campaign_id text NOT NULL,
    operator_id text,
    mode text NOT NULL,
    instance_id text,
    dialer_call_id text,
    started_at timestamptz NOT NULL,
    answered_at timestamptz,
    ended_at timestamptz,
    outcome text,
    sip_code int,
    cause text,
    mos real,
    quality jsonb,
    dial_failure_reason text,
    diagnostics jsonb,
    counts boolean NOT NULL DEFAULT true,
    disposition text,
    note text
  );
  CREATE INDEX attempts_by_contact ON attempts (contact_id, id);
  CREATE INDEX attempts_by_campaign ON attempts (campaign_id);
  CREATE TABLE contact_events (
    id bigserial PRIMARY KEY,
    contact_id bigint NOT NULL,
    campaign_id text NOT NULL,
    at timestamptz NOT NULL,
    from_state text,
    to_state text NOT NULL,
    event text NOT NULL,
    actor text NOT NULL,
    reason text,
    attempt_id bigint,
    details jsonb
  );
  CREATE INDEX contact_events_by_contact ON contact_events (contact_id, id);
  CREATE TABLE blacklist (
    phone text PRIMARY KEY,
    reason text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL
  );
  CREATE TABLE api_tokens (
    id text PRIMARY KEY,
    name text NOT NULL,
    token_hash text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL
  );
  CREATE TABLE timers (
    id bigserial PRIMARY KEY,
    kind text NOT NULL,
    contact_id bigint,
    operator_id text,
    due_at timestamptz NOT NULL,
    payload jsonb NOT NULL DEFAULT '{}'
  );
  CREATE INDEX timers_due ON timers (due_at);
  CREATE UNIQUE INDEX timers_one_per_contact ON timers (kind, contact_id) WHERE contact_id IS NOT NULL;
  CREATE UNIQUE INDEX timers_one_per_operator ON timers (kind, operator_id) WHERE operator_id IS NOT NULL;
  CREATE TABLE instances (
    id text PRIMARY KEY,
    started_at timestamptz NOT NULL,
    heartbeat_at timestamptz NOT NULL
  );
  `,
  // API tokens get a role (existing tokens were all admin) and the time of their last use.
  `
  ALTER TABLE api_tokens ADD COLUMN role text NOT NULL DEFAULT 'admin' CHECK (role IN ('admin', 'readonly'));
  ALTER TABLE api_tokens ADD COLUMN last_used_at timestamptz;
  `,
  // The finish check asks every tick whether a running campaign still has a retry due; without this index
  // that scans every "not reached" contact of a campaign near its end.
  `
  CREATE INDEX contacts_retry_pending_by_campaign ON contacts (campaign_id)
    WHERE state = 'RETRY_SCHEDULED' AND retry_at IS NOT NULL;
  `,
  // Operator channel redelivery (issue 12, faults): the numbered server→operator messages kept until the
  // client acknowledges them (any instance replays them on resume), the last number per operator, and the
  // client's action ids already applied (a resent action changes nothing).
  `
  CREATE TABLE channel_heads (operator_id text PRIMARY KEY, last_seq bigint NOT NULL);
  CREATE TABLE channel_outbox (
    operator_id text NOT NULL,
    seq bigint NOT NULL,
    message jsonb NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (operator_id, seq)
  );
  CREATE TABLE channel_received (
    operator_id text NOT NULL,
    request_id text NOT NULL,
    at timestamptz NOT NULL,
    PRIMARY KEY (operator_id, request_id)
  );
  `,
  // CSV import: one row per import says when and by whom its contacts arrived, instead of one event row per
  // contact (a million-row file wrote a million events); contacts that arrive INITIAL point at it.
  `
  CREATE TABLE contact_imports (
    id bigserial PRIMARY KEY,
    campaign_id text NOT NULL,
    at timestamptz NOT NULL,
    actor text NOT NULL
  );
  ALTER TABLE contacts ADD COLUMN import_id bigint;
  `,
  // Transfer (issue 13.1): the directory of supervisors and queues operators may transfer a call to, and the
  // transfer an attempt's phone reported (kind, target, how it ended) kept with the attempt.
  `
  CREATE TABLE transfer_targets (
    id text PRIMARY KEY,
    name text NOT NULL,
    kind text NOT NULL,
    address text NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
  );
  CREATE UNIQUE INDEX transfer_targets_unique_name ON transfer_targets (lower(name));
  ALTER TABLE attempts ADD COLUMN transfer jsonb;
  `,
  // call recording (issue 13.8): one recording per attempt, its status, pauses and the audio itself. The audio is
  // bytea beside its attempt: one backup, one transaction, the same on PGlite and PostgreSQL, and every
  // instance behind a load balancer serves it. TOAST keeps it out of the row; the size is bounded by the API.
  `
  CREATE TABLE attempt_recordings (
    attempt_id bigint PRIMARY KEY REFERENCES attempts(id),
    status text NOT NULL CHECK (status IN ('pending', 'uploaded', 'failed', 'lost')),
    reason text,
    format text,
    duration_ms int,
    size_bytes int,
    pauses jsonb NOT NULL DEFAULT '[]',
    audio bytea,
    updated_at timestamptz NOT NULL
  );
  `,
  // The server's Not ready reason as a code the console translates (issue 14); null for the operator's own words.
  `ALTER TABLE operators ADD COLUMN not_ready_code jsonb;`,
  // Issue 13.2 and 13.3, owned callbacks and calling windows in the contact's local time. Each contact keeps its
  // IANA zone; campaign_time_zones lists the zones a campaign's contacts live in, so assignment asks core which
  // of them are open and picks per zone from contacts_ready_by_zone. Contacts from before take their campaign's zone.
  `
  ALTER TABLE contacts ADD COLUMN time_zone text NOT NULL DEFAULT 'UTC';
  UPDATE contacts c SET time_zone = coalesce(k.settings->>'timeZone', 'UTC') FROM campaigns k WHERE k.id = c.campaign_id;
  CREATE TABLE campaign_time_zones (
    campaign_id text NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    time_zone text NOT NULL,
    PRIMARY KEY (campaign_id, time_zone)
  );
  INSERT INTO campaign_time_zones (campaign_id, time_zone) SELECT DISTINCT campaign_id, time_zone FROM contacts;
  CREATE INDEX contacts_ready_by_zone ON contacts (campaign_id, time_zone, id) WHERE state = 'INITIAL';
  CREATE TABLE callbacks (
    contact_id bigint PRIMARY KEY,
    campaign_id text NOT NULL,
    owner_id text NOT NULL,
    due_at timestamptz NOT NULL,
    open_to_all_at timestamptz NOT NULL,
    state text NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
  );
  CREATE INDEX callbacks_by_owner ON callbacks (owner_id, due_at) WHERE state = 'SCHEDULED';
  CREATE INDEX callbacks_by_campaign ON callbacks (campaign_id, due_at);
  `,
  // Do-not-call, Not ready reasons and the operator's time (issue 13.4, 13.5): who put a number on the blacklist
  // and from which campaign; the configured reasons (kept after deletion, for history); each operator's time in
  // each state, one row per stretch, the open one with no end.
  `
  ALTER TABLE blacklist ADD COLUMN operator_id text, ADD COLUMN campaign_id text, ADD COLUMN actor text;
  CREATE TABLE not_ready_reasons (
    id text PRIMARY KEY,
    name text NOT NULL,
    paid boolean NOT NULL,
    max_seconds int,
    created_at timestamptz NOT NULL,
    deleted_at timestamptz
  );
  CREATE UNIQUE INDEX not_ready_reasons_name ON not_ready_reasons (lower(name)) WHERE deleted_at IS NULL;
  ALTER TABLE operators ADD COLUMN not_ready_reason_id text;
  CREATE TABLE operator_states (
    id bigserial PRIMARY KEY,
    operator_id text NOT NULL,
    state text NOT NULL,
    reason_id text,
    reason text,
    started_at timestamptz NOT NULL,
    ended_at timestamptz
  );
  CREATE INDEX operator_states_open ON operator_states (operator_id) WHERE ended_at IS NULL;
  CREATE INDEX operator_states_by_start ON operator_states (started_at, operator_id);
  `,
  // A million-contact import (issue 15): every index of contacts is written for every imported row, and the
  // foreign key on campaign_id looked the campaign up once per row (a third of the database's CPU for the write).
  // - contacts_by_phone goes: the only reads by number alone are the blacklist's, and they probe
  //   contacts_unique_phone (campaign_id, phone) once per campaign (contacts.ts lockByPhone); campaigns are few.
  // - contacts_ready (campaign_id, id) WHERE INITIAL goes: contacts_by_state (campaign_id, state, id) gives the
  //   same walk, a campaign's contacts in one state in id order.
  // - The foreign key becomes one check per statement: after an INSERT, the campaigns its rows name are locked
  //   FOR KEY SHARE (what the foreign key's own check takes, so none can be deleted before the commit) and must all
  //   exist; a campaign with contacts cannot be deleted, nor renamed; a contact never moves to another campaign.
  //   Same SQLSTATE as a foreign key (23503).
  `
  DROP INDEX contacts_by_phone;
  DROP INDEX contacts_ready;
  ALTER TABLE contacts DROP CONSTRAINT contacts_campaign_id_fkey;
  CREATE FUNCTION contacts_campaigns_exist() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE
    named text[];
    found int;
  BEGIN
    SELECT array_agg(campaign_id) INTO named FROM (SELECT DISTINCT campaign_id FROM inserted) n;
    SELECT count(*) INTO found FROM (SELECT 1 FROM campaigns WHERE id = ANY(named) FOR KEY SHARE) k;
    IF found < coalesce(cardinality(named), 0) THEN
      RAISE EXCEPTION 'a contact names a campaign that does not exist' USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
  END $$;
  CREATE TRIGGER contacts_campaigns_exist AFTER INSERT ON contacts
    REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION contacts_campaigns_exist();
  CREATE FUNCTION contacts_stay_in_campaign() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    RAISE EXCEPTION 'a contact cannot move to another campaign' USING ERRCODE = 'foreign_key_violation';
  END $$;
  CREATE TRIGGER contacts_stay_in_campaign BEFORE UPDATE OF campaign_id ON contacts
    FOR EACH ROW WHEN (NEW.campaign_id IS DISTINCT FROM OLD.campaign_id) EXECUTE FUNCTION contacts_stay_in_campaign();
  CREATE FUNCTION campaigns_keep_contacts() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF EXISTS (SELECT 1 FROM contacts WHERE campaign_id = OLD.id) THEN
      RAISE EXCEPTION 'campaign % still has contacts', OLD.id USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
  END $$;
  CREATE TRIGGER campaigns_keep_contacts AFTER DELETE OR UPDATE OF id ON campaigns
    FOR EACH ROW EXECUTE FUNCTION campaigns_keep_contacts();
  `,
];

export async function migrate(db: Db): Promise<void> {
  try {
    await db.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version int PRIMARY KEY, applied_at timestamptz NOT NULL)',
    );
  } catch (error) {
    // Two instances starting at once race on IF NOT EXISTS; the loser sees a duplicate and may go on.
    if (!['23505', '42P07'].includes((error as { code?: string }).code ?? '')) throw error;
  }
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(727274)');
    const done = await tx.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(done.map((r) => r.version));
    for (let i = 0; i < migrations.length; i++) {
      if (applied.has(i + 1)) continue;
      for (const statement of splitStatements(migrations[i]!)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, now())', [i + 1]);
    }
  });
}

/** The statements of a script, split at semicolons outside `$$ … $$` (a function's body keeps its own). */
export function splitStatements(script: string): string[] {
  const statements: string[] = [];
  let current = '';
  script.split('$$').forEach((part, i) => {
    // Odd parts lie between a pair of $$: a body, kept whole.
    if (i % 2 === 1) {
      current += `$$${part}$$`;
      return;
    }
    const pieces = part.split(';');
    current += pieces[0];
    for (const piece of pieces.slice(1)) {
      statements.push(current);
      current = piece;
    }
  });
  statements.push(current);
  return statements.map((s) => s.trim()).filter((s) => s.length > 0);
}
