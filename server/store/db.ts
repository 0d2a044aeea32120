/**
 * One code path for both databases: the store speaks SQL through `Db`, backed by PGlite (embedded, WASM
 * PostgreSQL in a directory or in memory) or by node-postgres (`DATABASE_URL`, several instances).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

export interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /**
   * `COPY … FROM STDIN` (text format) with `data` as its input, inside a transaction: bulk loads (the contacts
   * import) skip the per-row cost of parameters. On PGlite the statement must read `FROM '/dev/blob'`.
   */
  copyIn?(copyStatement: string, data: string): Promise<void>;
}

export interface Db extends Sql {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction; retried on serialization failures and deadlocks. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  /** LISTEN on PostgreSQL; on PGlite every instance lives in this process, so a local bus does it. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<void>;
  notify(channel: string, payload: string): Promise<void>;
  /** Runs a multi-statement script (migrations). */
  exec(script: string): Promise<void>;
  close(): Promise<void>;
}

export type DatabaseConfig =
  // template: a packed, migrated directory the campaign server's first start unpacks into an empty dir
  // (prepareFirstStart in pglite-template.ts; false: initdb). openDb itself never unpacks.
  | { kind: 'pglite'; dir?: string; template?: string | false }
  | { kind: 'postgres'; url: string; poolSize?: number };

const retryable = new Set(['40001', '40P01']);

/**
 * Statements on the hot path (assignment: 200 operators asking at once), marked by the store with `prepared()`.
 * On PostgreSQL each is prepared once per pooled connection, so a call skips parsing and, once PostgreSQL settles
 * on a generic plan, planning. Opt-in, so statements built on the fly (imports, admin lists) never pile up as
 * prepared statements on long-lived connections. PGlite runs every statement as it comes.
 */
const preparedNames = new Map<string, string>();

export function prepared(text: string): string {
  if (!preparedNames.has(text)) preparedNames.set(text, `dialdeck_${preparedNames.size + 1}`);
  return text;
}

function pgQuery(text: string, params: unknown[] | undefined): pg.QueryConfig | string {
  const name = preparedNames.get(text);
  return name ? { name, text, values: params ?? [] } : text;
}

/** Work a caller started ahead of `openDb`, so it overlaps other start-up work. */
export interface OpenAhead {
  /** PGlite's WebAssembly, being compiled (`compilePglite`). */
  pgliteWasm?: Promise<WebAssembly.Module>;
}

export async function openDb(config: DatabaseConfig, ahead: OpenAhead = {}): Promise<Db> {
  return config.kind === 'pglite'
    ? openPglite(config.dir, ahead.pgliteWasm)
    : openPostgres(config.url, config.poolSize ?? 10);
}

/**
 * Compiles PGlite's WebAssembly (about 2 s of a first start on a loaded 2-core machine). V8 compiles it on background
 * threads, so a caller that starts it first can unpack the data directory and build its server meanwhile
 * (server/index.ts); PGlite then only instantiates it.
 */
export async function compilePglite(): Promise<WebAssembly.Module> {
  const require = createRequire(import.meta.url);
  // Node's types declare WebAssembly's types but not its functions (no DOM lib on this side).
  const wasm = (
    globalThis as unknown as { WebAssembly: { compile(b: Uint8Array): Promise<WebAssembly.Module> } }
  ).WebAssembly;
  return wasm.compile(await readFile(require.resolve('@electric-sql/pglite/pglite.wasm')));
}

async function openPglite(dir?: string, wasm?: Promise<WebAssembly.Module>): Promise<Db> {
  // The async factory, not `new PGlite()` + waitReady: PGlite's maintainers recommend it, and the constructor form
  // failed now and then during start-up (ErrnoError 44) when several instances started at once in one process.
  const pgliteWasmModule = await wasm?.catch(() => undefined); // PGlite compiles its own if ours failed
  const options = pgliteWasmModule ? { pgliteWasmModule } : {};
  const db = await PGlite.create(dir ? { dataDir: dir, ...options } : options);
  const listeners = new Map<string, Set<(p: string) => void>>();
  return {
    kind: 'pglite',
    async query<T>(text: string, params?: unknown[]) {
      return (await db.query<T>(text, params)).rows;
    },
    async transaction<T>(fn: (tx: Sql) => Promise<T>) {
      return db.transaction(async (tx) =>
        fn({
          async query<R>(text: string, params?: unknown[]) {
            return (await tx.query<R>(text, params)).rows;
          },
          async copyIn(copyStatement, data) {
            await tx.query(copyStatement.replace('FROM STDIN', "FROM '/dev/blob'"), [], {
              blob: new Blob([data]),
            });
          },
        }),
      );
    },
    async listen(channel, onPayload) {
      const set = listeners.get(channel) ?? new Set();
      set.add(onPayload);
      listeners.set(channel, set);
    },
    async notify(channel, payload) {
      for (const fn of listeners.get(channel) ?? []) queueMicrotask(() => fn(payload));
    },
    async exec(script) {
      await db.exec(script);
    },
    async close() {
      await db.close();
    },
  };
}

async function openPostgres(url: string, poolSize: number): Promise<Db> {
  const types = {
    getTypeParser: ((oid: number, format?: string) =>
      oid === 20
        ? (v: string) => Number(v)
        : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
  };
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types });
  // A pooled connection can drop (server restart); the pool replaces it, the error must not crash us.
  pool.on('error', () => undefined);
  let listenClient: pg.Client | null = null;
  const listeners = new Map<string, Set<(p: string) => void>>();
  const db: Db = {
    kind: 'postgres',
    async query<T>(text: string, params?: unknown[]) {
      const q = pgQuery(text, params);
      return (await (typeof q === 'string' ? pool.query(q, params) : pool.query(q))).rows as T[];
    },
    async transaction<T>(fn: (tx: Sql) => Promise<T>) {
      for (let attempt = 0; ; attempt++) {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const result = await fn({
            async query<R>(text: string, params?: unknown[]) {
              const q = pgQuery(text, params);
              return (await (typeof q === 'string' ? client.query(q, params) : client.query(q))).rows as R[];
            },
            async copyIn(copyStatement, data) {
              const stream = client.query(copyFrom(copyStatement));
              await new Promise<void>((resolve, reject) => {
                stream.on('error', reject);
                stream.on('finish', resolve);
                stream.end(data);
              });
            },
          });
          await client.query('COMMIT');
          return result;
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          const code = (error as { code?: string }).code;
          if (code && retryable.has(code) && attempt < 5) continue;
          throw error;
        } finally {
          client.release();
        }
      }
    },
    async listen(channel, onPayload) {
      if (!listenClient) {
        listenClient = new pg.Client({ connectionString: url });
        listenClient.on('error', () => undefined);
        await listenClient.connect();
        listenClient.on('notification', (n) => {
          for (const fn of listeners.get(n.channel) ?? []) fn(n.payload ?? '');
        });
      }
      const set = listeners.get(channel) ?? new Set();
      set.add(onPayload);
      listeners.set(channel, set);
      await listenClient.query(`LISTEN "${channel.replace(/"/g, '')}"`);
    },
    async notify(channel, payload) {
      await pool.query('SELECT pg_notify($1, $2)', [channel, payload]);
    },
    async exec(script) {
      await pool.query(script);
    },
    async close() {
      await listenClient?.end().catch(() => undefined);
      await pool.end();
    },
  };
  return db;
}
