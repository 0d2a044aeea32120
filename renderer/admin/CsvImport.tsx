/** CSV import into one campaign, with a progress bar and the refused rows listed by row number. */
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
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [result, setResult] = useState<CsvImportResult | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const run = async (e: FormEvent) => {
    e.preventDefault();
    if (!csv.trim()) return setProblem('Choose a CSV file or paste its text first.');
    const importId = `imp-${Date.now().toString(36)}`;
    setProblem(null);
    setResult(null);
    setProgress({ done: 0, total: 0 });
    const off = api.on('csvImportProgress', (p) => {
      if (p.importId === importId) setProgress({ done: p.rowsDone, total: p.rowsTotal });
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
    progress && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : progress ? 0 : null;
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
      {pct !== null && !result && (
        <div
          className="progress"
          role="progressbar"
          aria-valuenow={pct}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-label="Import progress"
        >
          <div style={{ width: `${pct}%` }} />
        </div>
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
