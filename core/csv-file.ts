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
