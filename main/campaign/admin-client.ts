/**
 * The supervisor view's client of the campaign server's Public API (/api/v1, bearer admin token). It lives in
 * main/ so the renderer never holds the admin token; it turns the API's answers into the contract's shapes
 * (core/contract.ts, "campaign session") and its 4xx answers into HostErrors the view can show as they are.
 */
import {
  HostError,
  type AdminCampaign,
  type AdminContact,
  type BlacklistEntry,
  type CsvImportResult,
} from '../../core/contract';
import type { CampaignCreate } from '../../core/campaign';

type ApiCampaign = { id: string; name: string; status: string; mode: string; createdAt?: string };
type ApiContact = {
  id: string;
  name: string;
  phone: string | null;
  phoneAsGiven: string;
  state: string;
  stateReason: string | null;
  attempts: number;
};

export type AdminClientOptions = { baseUrl: string; token: string };

export class AdminClient {
  private readonly base: string;

  constructor(private readonly opts: AdminClientOptions) {
    this.base = `${opts.baseUrl.replace(/\/+$/, '')}/api/v1`;
  }

  async listCampaigns(): Promise<AdminCampaign[]> {
    const { campaigns } = await this.request<{ campaigns: ApiCampaign[] }>('GET', '/campaigns');
    return Promise.all(campaigns.map((k) => this.withCounts(k)));
  }

  async createCampaign(body: CampaignCreate): Promise<AdminCampaign> {
    return this.withCounts(await this.request<ApiCampaign>('POST', '/campaigns', body));
  }

  async setStatus(campaignId: string, action: 'start' | 'pause' | 'cancel'): Promise<AdminCampaign> {
    return this.withCounts(
      await this.request<ApiCampaign>('POST', `/campaigns/${encodeURIComponent(campaignId)}/${action}`),
    );
  }

  async counts(campaignId: string): Promise<Record<string, number>> {
    const r = await this.request<{ contactsByState: Record<string, number> }>(
      'GET',
      `/campaigns/${encodeURIComponent(campaignId)}/report`,
    );
    return r.contactsByState;
  }

  /**
   * Sends the CSV in slices and reports each slice as it leaves, so a large file shows real progress; the
   * server parses it as one stream (per-row errors, nothing half-written unless skipInvalidRows).
   */
  async importCsv(
    campaignId: string,
    csv: string,
    skipInvalidRows: boolean,
    onProgress: (rowsDone: number, rowsTotal: number) => void,
  ): Promise<CsvImportResult> {
    const lines = csv.split(/\r?\n/);
    const rowsTotal = Math.max(0, lines.filter((l) => l.trim() !== '').length - 1);
    const sliceLines = 2000;
    let sent = 0;
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= lines.length) {
          onProgress(rowsTotal, rowsTotal);
          controller.close();
          return;
        }
        const part = lines.slice(sent, sent + sliceLines);
        sent += part.length;
        controller.enqueue(encoder.encode(part.join('\n') + (sent < lines.length ? '\n' : '')));
        onProgress(Math.min(rowsTotal, Math.max(0, sent - 1)), rowsTotal);
      },
    });
    const res = await fetch(
      `${this.base}/campaigns/${encodeURIComponent(campaignId)}/contacts.csv?skipInvalidRows=${skipInvalidRows}`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${this.opts.token}`, 'content-type': 'text/csv' },
        body,
        duplex: 'half',
      } as RequestInit & { duplex: 'half' },
    );
    const answer = (await res.json().catch(() => ({}))) as Partial<CsvImportResult> & { error?: string };
    if (res.status !== 201 && res.status !== 422)
      throw new HostError('FAILED', answer.error ?? `import failed (${res.status})`);
    return {
      imported: answer.imported ?? 0,
      errors: answer.errors ?? [],
      errorCount: answer.errorCount ?? answer.errors?.length ?? 0,
      written: answer.written ?? res.status === 201,
      byState: answer.byState ?? {},
    };
  }

  async listContacts(
    campaignId: string,
    q: { state?: string; limit: number; after?: string },
  ): Promise<{ contacts: AdminContact[]; next: string | null }> {
    const params = new URLSearchParams({ limit: String(q.limit) });
    if (q.state) params.set('state', q.state);
    if (q.after) params.set('after', q.after);
    const r = await this.request<{ contacts: ApiContact[]; next: string | null }>(
      'GET',
      `/campaigns/${encodeURIComponent(campaignId)}/contacts?${params}`,
    );
    return {
      contacts: r.contacts.map((c) => ({
        id: c.id,
        name: c.name,
        phone: c.phone ?? c.phoneAsGiven,
        state: c.state,
        attempts: c.attempts,
        reason: c.stateReason,
      })),
      next: r.next,
    };
  }

  async removeContact(contactId: string): Promise<{ state: string }> {
    const r = await this.request<{ state: string }>('DELETE', `/contacts/${encodeURIComponent(contactId)}`);
    return { state: r.state };
  }

  async listBlacklist(): Promise<BlacklistEntry[]> {
    const r = await this.request<{
      numbers: Array<{ phone: string; reason: string; createdAt: string | null }>;
    }>('GET', '/blacklist');
    return r.numbers.map((n) => ({
      number: n.phone,
      reason: n.reason,
      createdAt: n.createdAt ? new Date(n.createdAt).toISOString() : null,
    }));
  }

  async addToBlacklist(number: string, reason: string, region?: string): Promise<void> {
    await this.request('POST', '/blacklist', { phone: number, reason, ...(region ? { region } : {}) });
  }

  async removeFromBlacklist(number: string): Promise<void> {
    await this.request('DELETE', `/blacklist/${encodeURIComponent(number)}`);
  }

  /** Creates the operator, or finds it when it exists (409). Returns the operator's own token when new. */
  async ensureOperator(o: {
    login: string;
    name: string;
    sipUser: string;
  }): Promise<{ created: boolean; token: string | null }> {
    const res = await fetch(`${this.base}/operators`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.opts.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(o),
    });
    if (res.status === 201) return { created: true, token: ((await res.json()) as { token: string }).token };
    if (res.status === 409) return { created: false, token: null };
    throw new HostError('FAILED', `could not register operator ${o.login}: ${await res.text()}`);
  }

  private async withCounts(k: ApiCampaign): Promise<AdminCampaign> {
    return {
      id: k.id,
      name: k.name,
      status: k.status,
      mode: k.mode,
      createdAt: k.createdAt ?? null,
      counts: await this.counts(k.id),
    };
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.opts.token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      throw new HostError(
        'FAILED',
        `the campaign server does not answer: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: reported below with the status
    }
    if (!res.ok) {
      const message = (json as { error?: string } | null)?.error ?? `${res.status} ${text.slice(0, 200)}`;
      throw new HostError(res.status < 500 ? 'BAD_ARGUMENT' : 'FAILED', message);
    }
    return json as T;
  }
}
