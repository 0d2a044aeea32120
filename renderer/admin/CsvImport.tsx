/**
 * CSV import into one campaign, with a progress bar (the bytes the server has read of the file) and under it the
 * rows it has checked, then the refused rows listed by row number.
 */
import { useState, type FormEvent } from 'react';
import type { CsvImportResult } from '../../core/contract';
import { decodeCsvFile } from '../../core/csv-file';
import { useHost } from '../host';
import { ProblemBanner, problemText } from './ProblemBanner';

export function CsvImport({ campaignId, onDone }: { campaignId: string; onDone: () => Promise<void> }) {
  const { api } = useHost();
  const [csv, setCsv] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [skipInvalid, setSkipInvalid] = useState(true);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [result, setResult] = useState<CsvImportResult | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const run = async (e: FormEvent) => {
    e.preventDefault();
    if (!csv.trim()) return setProblem('Choose a CSV file or paste its text first.');
    const importId = `imp-${Date.now().toString(36)}`;
    setProblem(null);
    setResult(null);
    setProgress({ bytesDone: 0, bytesTotal: 0, rowsDone: 0, rowsTotal: 0, stage: 'reading' });
    const off = api.on('csvImportProgress', (p) => {
      if (p.importId === importId)
        setProgress({
          bytesDone: p.bytesDone ?? 0,
          bytesTotal: p.bytesTotal ?? 0,
          rowsDone: p.rowsDone,
          rowsTotal: p.rowsTotal,
          stage: p.stage ?? 'reading',
        });
    });
    try {
      setResult(await api.adminImportCsv({ campaignId, importId, csv, skipInvalidRows: skipInvalid }));
      await onDone();
    } catch (err) {
      setProblem(problemText(err));
    } finally {
      off();
    }
  };

  const pct =
    progress && progress.bytesTotal > 0
      ? Math.round((progress.bytesDone / progress.bytesTotal) * 100)
      : progress
        ? 0
        : null;
  return (
    <form className="csv-import" onSubmit={(e) => void run(e)} aria-label="Import contacts">
      <h3>Import contacts (CSV)</h3>
      <p className="hint">
        Header row: <code>phone,name,external_id</code> and any other columns as custom fields.
      </p>
      <input
        type="file"
        accept=".csv,text/csv"
        aria-label="CSV file"
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (!f) return;
          setFileName(f.name);
          void f.arrayBuffer().then((b) => setCsv(decodeCsvFile(new Uint8Array(b))));
        }}
      />
      <textarea
        aria-label="CSV text"
        rows={4}
        placeholder="…or paste CSV here"
        value={fileName ? '' : csv}
        onChange={(e) => {
          setFileName(null);
          setCsv(e.target.value);
        }}
      />
      <label className="check">
        <input type="checkbox" checked={skipInvalid} onChange={(e) => setSkipInvalid(e.target.checked)} />{' '}
        Import the good rows even if some are refused
      </label>
      <div className="actions">
        <button type="submit" className="primary">
          Import{fileName ? ` ${fileName}` : ''}
        </button>
      </div>
      {pct !== null && progress && !result && (
        <>
          <div
            className="progress"
            role="progressbar"
            aria-valuenow={pct}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuetext={progressText(progress)}
            aria-label="Import progress"
          >
            <div style={{ width: `${pct}%` }} />
          </div>
          <p className="hint" data-testid="import-progress" aria-live="polite">
            {progressText(progress)}
          </p>
        </>
      )}
      <ProblemBanner problem={problem} />
      {result && (
        <div data-testid="import-result" role="status">
          {result.written ? `Imported ${result.imported} contacts` : 'Nothing was imported'}
          {result.errorCount > 0 ? `; ${result.errorCount} rows refused:` : '.'}
          {result.errors.length > 0 && (
            <table className="list" data-testid="import-errors">
              <thead>
                <tr>
                  <th scope="col">Row</th>
                  <th scope="col">Problem</th>
                </tr>
              </thead>
              <tbody>
                {result.errors.map((e) => (
                  <tr key={`${e.row}-${e.message}`}>
                    <td>{e.row}</td>
                    <td>{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </form>
  );
}

type Progress = {
  bytesDone: number;
  bytesTotal: number;
  rowsDone: number;
  rowsTotal: number;
  stage: 'reading' | 'checking' | 'done';
};

const megabytes = (n: number) => (n / 1_000_000).toFixed(1);

function progressText(p: Progress): string {
  if (p.bytesTotal === 0) return 'Sending the file…';
  const read = `${megabytes(p.bytesDone)} of ${megabytes(p.bytesTotal)} MB read, ${p.rowsDone.toLocaleString('en')} of ${p.rowsTotal.toLocaleString('en')} rows checked`;
  return p.stage === 'reading' ? read : `${read}; checking duplicates and the blacklist, then saving…`;
}
