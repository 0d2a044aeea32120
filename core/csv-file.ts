/**
 * How a contacts CSV file is read, whoever reads it (the server's import, the app before it uploads): its
 * encoding and its delimiter are found, not assumed. Excel in a Czech or German locale saves `;`-separated
 * files with CRLF, with a BOM when it writes "CSV UTF-8", and in Windows-1250 when it writes plain "CSV".
 */

/** Enough of the file to tell UTF-8 from a legacy code page and to hold the header line. */
export const CSV_SNIFF_BYTES = 64 * 1024;
/** What Excel writes as plain "CSV" in Central Europe; its letters include German ä ö ü ß, as in Windows-1252. */
export const CSV_LEGACY_ENCODING = 'windows-1250';
export const CSV_DELIMITERS = [',', ';', '\t'] as const;

export type CsvEncoding = { ok: true; encoding: string } | { ok: false; reason: string };

/**
 * The encoding of a file that starts with `start`: the charset the sender named, else a BOM's, else UTF-8 if
 * the start is valid UTF-8, else Windows-1250. A name TextDecoder does not know is refused.
 */
export function csvEncoding(start: Uint8Array, declaredCharset: string | null): CsvEncoding {
  if (declaredCharset) {
    try {
      return { ok: true, encoding: new TextDecoder(declaredCharset).encoding };
    } catch {
      return { ok: false, reason: `unknown charset "${declaredCharset}": use utf-8 or windows-1250` };
    }
  }
  if (start[0] === 0xff && start[1] === 0xfe) return { ok: true, encoding: 'utf-16le' };
  if (start[0] === 0xfe && start[1] === 0xff) return { ok: true, encoding: 'utf-16be' };
  try {
    // `stream: true` leaves a character cut at the end of the sample undecided instead of calling it invalid.
    new TextDecoder('utf-8', { fatal: true }).decode(start, { stream: true });
    return { ok: true, encoding: 'utf-8' };
  } catch {
    return { ok: true, encoding: CSV_LEGACY_ENCODING };
  }
}

/** The delimiter the header line uses most, counting only outside quotes; a one-column file reads as `,`. */
export function csvDelimiter(text: string): string {
  const counts = new Map<string, number>(CSV_DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best: string = ',';
  for (const d of CSV_DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}

/** `text/csv; charset=windows-1250` → `windows-1250`. */
export function charsetOf(contentType: string): string | null {
  const m = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType);
  return m ? m[1]!.toLowerCase() : null;
}

/**
 * A whole file's text, decoded as the server would decode its upload. The app reads a chosen file with this
 * before sending it: `File.text()` always decodes UTF-8 and would turn Excel's Windows-1250 letters into
 * replacement characters on the workstation, before the server could detect anything.
 */
export function decodeCsvFile(bytes: Uint8Array): string {
  const found = csvEncoding(bytes.subarray(0, CSV_SNIFF_BYTES), null);
  return new TextDecoder(found.ok ? found.encoding : 'utf-8').decode(bytes);
}

/** A record longer than this is a quote never closed, not a contact: the reader stops instead of holding the file. */
export const CSV_MAX_RECORD_CHARS = 1 << 20;

export class CsvSyntaxError extends Error {}

/**
 * Reads RFC 4180 records from text that arrives in pieces: fields split by `delimiter`, optionally in double
 * quotes (a doubled quote inside is one quote; delimiters and line breaks inside are text), records ended by LF,
 * CRLF or CR. Whitespace around a field is trimmed, as a spreadsheet user expects; inside quotes it is kept.
 * Blank lines and records whose every field is empty are skipped. Only the record cut by the end of a piece is
 * carried to the next one, so memory holds one piece, whatever the file's size.
 */
export function csvRecordReader(delimiter: string): {
  push(text: string): string[][];
  end(): string[][];
} {
  const sep = delimiter.charCodeAt(0);
  let pending = '';
  /** Line number of the first line of `pending`, for errors. */
  let line = 1;
  let first = true;

  /** Parses whole records from `text`; returns where the unfinished one starts (text.length when none). */
  const parse = (text: string, out: string[][], final: boolean): number => {
    let i = 0;
    const n = text.length;
    if (first && text.charCodeAt(0) === 0xfeff) i = 1;
    let start = i;
    let fields: string[] = [];
    let lines = 0;
    while (i <= n) {
      // One field, from i.
      let value: string;
      let j = i;
      while (j < n && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9) && text.charCodeAt(j) !== sep)
        j++;
      if (j < n && text.charCodeAt(j) === 34) {
        let k = j + 1;
        let quoted = '';
        let from = k;
        for (;;) {
          const q = text.indexOf('"', k);
          if (q < 0) {
            if (final) throw new CsvSyntaxError(`a quote opened on line ${line + lines} is never closed`);
            return start;
          }
          if (q + 1 < n && text.charCodeAt(q + 1) === 34) {
            quoted += text.slice(from, q + 1);
            k = from = q + 2;
            continue;
          }
          if (q + 1 >= n && !final) return start;
          quoted += text.slice(from, q);
          k = q + 1;
          break;
        }
        for (let p = j + 1; p < k; p++) if (text.charCodeAt(p) === 10) lines++;
        while (
          k < n &&
          text.charCodeAt(k) !== sep &&
          text.charCodeAt(k) !== 10 &&
          text.charCodeAt(k) !== 13
        ) {
          if (text[k]!.trim() !== '')
            throw new CsvSyntaxError(
              `line ${line + lines}: a closing quote is followed by ${JSON.stringify(text[k])} instead of a delimiter`,
            );
          k++;
        }
        value = quoted;
        i = k;
      } else {
        let k = j;
        while (k < n) {
          const c = text.charCodeAt(k);
          if (c === sep || c === 10 || c === 13) break;
          if (c === 34)
            throw new CsvSyntaxError(
              `line ${line + lines}: a quote inside a field that does not start with one; put the whole field in quotes and double the quote`,
            );
          k++;
        }
        value = text.slice(j, k).trim();
        i = k;
      }
      fields.push(value);
      // What ends the field: a delimiter, a line break, or the end of the text.
      if (i < n && text.charCodeAt(i) === sep) {
        i++;
        continue;
      }
      if (i >= n && !final) return start;
      if (i < n && text.charCodeAt(i) === 13) {
        if (i + 1 >= n && !final) return start;
        i += text.charCodeAt(i + 1) === 10 ? 2 : 1;
      } else if (i < n) i++;
      lines++;
      if (fields.some((f) => f !== '')) out.push(fields);
      fields = [];
      line += lines;
      lines = 0;
      start = i;
      if (i >= n) return n;
    }
    return start;
  };

  const run = (text: string, final: boolean) => {
    const out: string[][] = [];
    const consumed = parse(text, out, final);
    first = false;
    pending = text.slice(consumed);
    if (pending.length > CSV_MAX_RECORD_CHARS)
      throw new CsvSyntaxError(
        `line ${line}: a record longer than ${CSV_MAX_RECORD_CHARS} characters (is a quote never closed?)`,
      );
    return out;
  };
  return {
    push: (text) => run(pending + text, false),
    end: () => (pending === '' ? [] : run(pending, true)),
  };
}
