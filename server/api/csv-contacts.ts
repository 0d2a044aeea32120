/**
 * A contacts CSV upload as records: its encoding and delimiter found as core/csv-file.ts says, a file that cannot
 * be read refused saying what is wrong with it. Columns: `phone` (or `number`), `name`, `externalId`, `timeZone`
 * (an IANA zone overriding the number's); every other column is a custom field. The file is streamed: only its first bytes are held to find the encoding.
 */
import { apiProblem } from '../../core/api-problem';
import type { Readable } from 'node:stream';
import {
  charsetOf,
  csvDelimiter,
  csvEncoding,
  csvRecordReader,
  CsvSyntaxError,
  CSV_SNIFF_BYTES,
} from '../../core/csv-file';
import { hashToken } from '../store/tokens';
import { HttpError } from './errors';

interface CsvShape {
  encoding: string;
  delimiter: string;
}

/**
 * How far an upload has got: bytes of the body read, rows handed on to be checked, and whether the file has been
 * read to its end (then the set-based checks and the write run, which take a few seconds for a million rows).
 */
export interface CsvProgress {
  bytesRead: number;
  rowsRead: number;
  stage: 'reading' | 'checking' | 'done';
}

/**
 * Uploads under way in this process, by the id the client chose (`?importId=`), so it can poll how far its upload
 * has got while the body is still being sent. A finished one is kept a minute for the client's last poll.
 */
const uploads = new Map<string, { progress: CsvProgress; tokenHash: string }>();
const keptAfterEnd = 60_000;
/** More ids than any supervisor team sends at once: a client that invents ids cannot grow the map without end. */
const maxUploads = 1000;

/** Tracks an upload under `importId`, readable later only with the token that started it. */
export function trackUpload(importId: string | undefined, token: string): CsvProgress {
  const progress: CsvProgress = { bytesRead: 0, rowsRead: 0, stage: 'reading' };
  if (importId && uploads.size < maxUploads) uploads.set(importId, { progress, tokenHash: hashToken(token) });
  return progress;
}

/** The upload's progress, when there is one under that id and `token` is the one that started it. */
export function uploadProgress(importId: string, token: string): CsvProgress | undefined {
  const upload = uploads.get(importId);
  return upload && token && upload.tokenHash === hashToken(token) ? upload.progress : undefined;
}

export function endUpload(importId: string | undefined, progress: CsvProgress): void {
  progress.stage = 'done';
  if (!importId || uploads.get(importId)?.progress !== progress) return;
  setTimeout(() => {
    if (uploads.get(importId)?.progress === progress) uploads.delete(importId);
  }, keptAfterEnd).unref();
}

/** Row numbers are the file's records as a spreadsheet shows them: the header is row 1. */
export async function* csvContactRecords(
  body: Readable,
  contentType: string,
  progress: CsvProgress = { bytesRead: 0, rowsRead: 0, stage: 'reading' },
): AsyncGenerator<{ row: number; record: unknown }> {
  const chunks = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const head = await readHead(chunks);
  const found = csvEncoding(Buffer.concat(head), charsetOf(contentType));
  if (!found.ok) throw new HttpError(400, found.reason, apiProblem('csv_encoding', { detail: found.reason }));
  const encoding = found.encoding;
  const decoder = textDecoder(encoding);
  const start = head.map(decoder.take).join('');
  const delimiter = csvDelimiter(start);
  const reader = csvRecordReader(delimiter);
  let header: string[] | null = null;
  let roles: Role[] = [];
  let row = 0;
  for await (const [text, bytes] of decodeRest(start, head, chunks, decoder)) {
    let records: string[][];
    try {
      records = text === null ? reader.end() : reader.push(text);
    } catch (e) {
      throw e instanceof CsvSyntaxError
        ? new HttpError(
            400,
            `unreadable CSV: ${e.message}`,
            apiProblem('csv_unreadable', { detail: e.message }),
          )
        : e;
    }
    progress.bytesRead += bytes;
    for (const fields of records) {
      row++;
      if (!header) {
        header = fields;
        if (!header.some((h) => PHONE_COLUMNS.has(h.toLowerCase())))
          throw new HttpError(
            400,
            noPhoneColumn(header, { encoding, delimiter }),
            apiProblem('csv_no_phone_column', { columns: header.join(', ') }),
          );
        roles = header.map(roleOf);
        continue;
      }
      progress.rowsRead = row - 1;
      yield { row, record: toRecord(header, roles, fields) };
    }
  }
  if (!header)
    throw new HttpError(
      400,
      'the CSV file is empty: it needs a header row with a phone column',
      apiProblem('csv_empty'),
    );
  progress.stage = 'checking';
}

const PHONE_COLUMNS = new Set(['phone', 'number']);

type Role = 'phone' | 'name' | 'externalId' | 'timeZone' | 'custom';

/** What a header column holds, decided once per file rather than once per row: a million rows read it a million times. */
function roleOf(column: string): Role {
  const lower = column.toLowerCase();
  if (PHONE_COLUMNS.has(lower)) return 'phone';
  if (lower === 'name') return 'name';
  if (lower === 'externalid' || lower === 'external_id') return 'externalId';
  // Overrides the zone the number gives (issue 13.3); a blank cell leaves the number's.
  if (lower === 'timezone' || lower === 'time_zone') return 'timeZone';
  return 'custom';
}

function toRecord(header: string[], roles: Role[], fields: string[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  const customFields: Record<string, string> = {};
  for (let i = 0; i < header.length; i++) {
    const value = fields[i] ?? '';
    const role = roles[i];
    if (role === 'phone') record.phone = value;
    else if (role === 'name') record.name = value;
    else if (role === 'externalId') {
      if (value !== '') record.externalId = value;
    } else if (role === 'timeZone') {
      if (value.trim() !== '') record.timeZone = value.trim();
    } else customFields[header[i]!] = value;
  }
  record.customFields = customFields;
  return record;
}

function noPhoneColumn(header: string[], shape: CsvShape): string {
  const columns = header.map((h) => `"${h}"`).join(', ');
  const delimiter = shape.delimiter === '\t' ? 'tab' : `"${shape.delimiter}"`;
  return `the CSV header has no phone column: name the column of phone numbers "phone" (or "number"). The header read was ${columns} (delimiter ${delimiter}, encoding ${shape.encoding})`;
}

async function readHead(chunks: AsyncIterator<Buffer>): Promise<Buffer[]> {
  const head: Buffer[] = [];
  let size = 0;
  while (size < CSV_SNIFF_BYTES) {
    const next = await chunks.next();
    if (next.done) break;
    const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
    head.push(chunk);
    size += chunk.length;
  }
  return head;
}

function textDecoder(encoding: string) {
  // UTF-8 is fatal: a file that starts as UTF-8 and turns into something else later would import mangled names.
  const decoder = new TextDecoder(encoding, { fatal: encoding === 'utf-8' });
  let offset = 0;
  return {
    take(chunk: Buffer): string {
      try {
        const s = decoder.decode(chunk, { stream: true });
        offset += chunk.length;
        return s;
      } catch {
        throw new HttpError(
          400,
          `the CSV file is not valid UTF-8 (its first bytes were; the bytes after byte ${offset} are not): save it as "CSV UTF-8", or name its encoding, e.g. Content-Type: text/csv; charset=windows-1250`,
          apiProblem('csv_encoding', { detail: `byte ${offset}` }),
        );
      }
    },
    end: () => decoder.decode(),
  };
}

/** The text of the body piece by piece, with the bytes each piece took; `null` text marks the end. */
async function* decodeRest(
  start: string,
  head: Buffer[],
  rest: AsyncIterator<Buffer>,
  decoder: ReturnType<typeof textDecoder>,
): AsyncGenerator<[string | null, number]> {
  yield [start, head.reduce((n, b) => n + b.length, 0)];
  for (let next = await rest.next(); !next.done; next = await rest.next())
    yield [decoder.take(next.value), next.value.length];
  const tail = decoder.end();
  if (tail) yield [tail, 0];
  yield [null, 0];
}
