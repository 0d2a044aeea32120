/**
 * The supervisor view's client of the campaign server's Public API (/api/v1, bearer admin token). It lives in
 * main/ so the renderer never holds the admin token; it turns the API's answers into the contract's shapes
 * (core/contract.ts, "campaign session") and its 4xx answers into HostErrors: the English `error` as the message,
 * and the problem's code as the `UiText` the supervisor view shows in the operator's language.
 */
import {
  HostError,
  type AdminCampaign,
  type AdminContact,
  type BlacklistEntry,
  type MethodResult,
  type CsvImportResult,
} from '../../core/contract';
import { CallbackItemSchema, type CallbackItem } from '../../core/callbacks';
import { z } from 'zod';
import type { CampaignCreate } from '../../core/campaign';
import type { CampaignRecording } from '../../core/recording';
import { CampaignScriptViewSchema, type CampaignScriptView } from '../../core/campaign-script';
import { ApiProblemWireSchema } from '../../core/api-problem';
// the dialer's status (issue 11)
import { DialerStatusSchema, type DialerStatus } from '../../core/dialer-status';
import { apiProblemText, uiText, type UiText } from '../../core/i18n';

/** The words for a refusal the server coded; null (the English `error` is shown) for one it did not. */
function problemOf(answer: unknown): UiText | null {
  const p = ApiProblemWireSchema.safeParse(answer);
  return p.success && p.data.code ? apiProblemText({ code: p.data.code, params: p.data.params }) : null;
}

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

/** How far a CSV upload has got on the server. */
export type CsvUploadProgress = {
  bytesDone: number;
  bytesTotal: number;
  rowsDone: number;
  rowsTotal: number;
  stage: 'reading' | 'checking' | 'done';
};

/** Non-blank lines, as the rows a file holds (a quoted field with a line break counts twice: an estimate). */
function countLines(text: string): number {
  let lines = 0;
  let blank = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      if (!blank) lines++;
      blank = true;
    } else if (c !== 32 && c !== 9) blank = false;
  }
  return blank ? lines : lines + 1;
}

/** What the supervisor's figures table shows (the Public API's answer, as the contract types it). */
type OperatorDayFigures = MethodResult<'adminOperatorFigures'>;

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

  // campaign script and CRM screen-pop (issue 13.6, 13.7)
  async campaignScript(campaignId: string): Promise<CampaignScriptView> {
    const k = await this.request<unknown>('GET', `/campaigns/${encodeURIComponent(campaignId)}`);
    return CampaignScriptViewSchema.parse(k);
  }

  async updateCampaignScript(campaignId: string, change: CampaignScriptView): Promise<CampaignScriptView> {
    const k = await this.request<unknown>('PATCH', `/campaigns/${encodeURIComponent(campaignId)}`, change);
    return CampaignScriptViewSchema.parse(k);
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
   * Sends the CSV as a stream and, while it goes, asks the server how far it has got (bytes read, rows checked):
   * what the bar shows is the server's progress, not merely what left this machine. The server parses the file
   * as one stream (per-row errors, nothing half-written unless skipInvalidRows).
   */
  async importCsv(
    campaignId: string,
    csv: string,
    skipInvalidRows: boolean,
    onProgress: (p: CsvUploadProgress) => void,
  ): Promise<CsvImportResult> {
    const bytes = new TextEncoder().encode(csv);
    const rowsTotal = Math.max(0, countLines(csv) - 1);
    const uploadId = `up-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    const campaign = encodeURIComponent(campaignId);
    const slice = 256 * 1024;
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= bytes.length) return controller.close();
        controller.enqueue(bytes.subarray(sent, sent + slice));
        sent += slice;
      },
    });
    let finished = false;
    const report = (p: { bytesRead: number; rowsRead: number; stage: CsvUploadProgress['stage'] }) =>
      onProgress({
        bytesDone: p.bytesRead,
        bytesTotal: bytes.length,
        rowsDone: p.rowsRead,
        rowsTotal,
        stage: p.stage,
      });
    const poll = (async () => {
      while (!finished) {
        await new Promise((r) => setTimeout(r, 150));
        if (finished) break;
        const res = await fetch(`${this.base}/campaigns/${campaign}/imports/${uploadId}`, {
          headers: { authorization: `Bearer ${this.opts.token}` },
        }).catch(() => null);
        // 404 until the server has started reading the upload; an old server has no such route.
        if (res?.ok && !finished) report((await res.json()) as Parameters<typeof report>[0]);
        else await res?.body?.cancel();
      }
    })();
    report({ bytesRead: 0, rowsRead: 0, stage: 'reading' });
    let res: Response;
    try {
      res = await fetch(
        `${this.base}/campaigns/${campaign}/contacts.csv?skipInvalidRows=${skipInvalidRows}&importId=${uploadId}`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${this.opts.token}`, 'content-type': 'text/csv' },
          body,
          duplex: 'half',
        } as RequestInit & { duplex: 'half' },
      );
    } finally {
      finished = true;
      await poll;
    }
    const answer = (await res.json().catch(() => ({}))) as Partial<CsvImportResult> & { error?: string };
    if (res.status !== 201 && res.status !== 422)
      throw new HostError(
        res.status < 500 ? 'BAD_ARGUMENT' : 'FAILED',
        answer.error ?? `import failed (${res.status})`,
        problemOf(answer),
      );
    report({ bytesRead: bytes.length, rowsRead: rowsTotal, stage: 'done' });
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

  /** call recording (issue 13.8): the campaign's recordings with their status, newest first. */
  async listRecordings(campaignId: string): Promise<CampaignRecording[]> {
    const r = await this.request<{ recordings: CampaignRecording[] }>(
      'GET',
      `/campaigns/${encodeURIComponent(campaignId)}/recordings?limit=200`,
    );
    return r.recordings;
  }

  /** call recording (issue 13.8): the audio as uploaded, for the supervisor to play or save. */
  async recordingAudio(attemptId: string): Promise<{ format: string; base64: string }> {
    const res = await this.fetchOrExplain(
      'GET',
      `/attempts/${encodeURIComponent(attemptId)}/recording/audio`,
    );
    if (!res.ok) return this.refused(res);
    const format = res.headers.get('content-type') ?? 'application/octet-stream';
    return { format, base64: Buffer.from(await res.arrayBuffer()).toString('base64') };
  }

  // Issue 13.2: owned callbacks.
  async listCallbacks(campaignId: string): Promise<CallbackItem[]> {
    const r = await this.request<{ callbacks: unknown }>(
      'GET',
      `/campaigns/${encodeURIComponent(campaignId)}/callbacks`,
    );
    return z.array(CallbackItemSchema).parse(r.callbacks);
  }

  async reassignCallback(contactId: string, operator: string): Promise<CallbackItem> {
    const r = await this.request<unknown>(
      'PUT',
      `/contacts/${encodeURIComponent(contactId)}/callback/owner`,
      {
        operator,
      },
    );
    return CallbackItemSchema.parse(r);
  }

  async removeContact(contactId: string): Promise<{ state: string }> {
    const r = await this.request<{ state: string }>('DELETE', `/contacts/${encodeURIComponent(contactId)}`);
    return { state: r.state };
  }

  async listBlacklist(): Promise<BlacklistEntry[]> {
    const r = await this.request<{
      numbers: Array<{
        phone: string;
        reason: string;
        createdAt: string | null;
        operatorLogin?: string | null;
        campaignId?: string | null;
      }>;
    }>('GET', '/blacklist');
    return r.numbers.map((n) => ({
      number: n.phone,
      reason: n.reason,
      createdAt: n.createdAt ? new Date(n.createdAt).toISOString() : null,
      operatorLogin: n.operatorLogin ?? null,
      campaignId: n.campaignId ?? null,
    }));
  }

  /** Each operator's figures for `date` (today when absent), counted in `timeZone`. */
  async operatorFigures(date: string | undefined, timeZone: string): Promise<OperatorDayFigures> {
    const query = new URLSearchParams({ timeZone, ...(date ? { date } : {}) });
    return this.request<OperatorDayFigures>('GET', `/operators/figures?${query.toString()}`);
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
    const detail = await res.text();
    throw new HostError(
      'FAILED',
      `could not register operator ${o.login}: ${detail}`,
      uiText('host.operatorNotRegistered', { login: o.login, detail: detail.slice(0, 200) }),
    );
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

  // ── the dialer's status (issue 11) ──
  async dialerStatus(): Promise<DialerStatus> {
    return DialerStatusSchema.parse(await this.request('GET', '/dialer/status'));
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.fetchOrExplain(method, path, body);
    if (!res.ok) return this.refused(res);
    const text = await res.text();
    try {
      return (text ? JSON.parse(text) : null) as T;
    } catch {
      return null as T;
    }
  }

  private async fetchOrExplain(method: string, path: string, body?: unknown): Promise<Response> {
    try {
      return await fetch(`${this.base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.opts.token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err);
      throw new HostError(
        'FAILED',
        `the campaign server does not answer: ${detail}`,
        uiText('problem.serverUnreachable', { detail }),
      );
    }
  }

  /** A refusal as the coded problem the view words. */
  private async refused(res: Response): Promise<never> {
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: reported below with the status
    }
    const message = (json as { error?: string } | null)?.error ?? `${res.status} ${text.slice(0, 200)}`;
    throw new HostError(res.status < 500 ? 'BAD_ARGUMENT' : 'FAILED', message, problemOf(json));
  }
}
