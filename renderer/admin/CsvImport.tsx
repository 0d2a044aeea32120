/**
 * CSV import into one campaign, with a progress bar (the bytes the server has read of the file) and under it the
 * rows it has checked, then the refused rows listed by row number.
 */
import { useState, type FormEvent } from 'react';
import type { CsvImportResult } from '../../core/contract';
import { decodeCsvFile } from '../../core/csv-file';
import { useHost } from '../host';
import { ProblemBanner, problemText, rowProblemText } from './ProblemBanner';
import { useI18n } from '../i18n/i18n';
import type { Translator } from '../../core/i18n/translate';

/** The column names the server reads: the file's own words, the same in every language. */
const CSV_COLUMNS = 'phone,name,external_id';

export function CsvImport({ campaignId, onDone }: { campaignId: string; onDone: () => Promise<void> }) {
  const { api } = useHost();
  const i18n = useI18n();
  const { t } = i18n;
  const [csv, setCsv] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [skipInvalid, setSkipInvalid] = useState(true);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [result, setResult] = useState<CsvImportResult | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const run = async (e: FormEvent) => {
    e.preventDefault();
    if (!csv.trim()) return setProblem(t('admin.import.nothingChosen'));
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
      setProblem(problemText(i18n, err));
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
    <form className="csv-import" onSubmit={(e) => void run(e)} aria-label={t('admin.import.label')}>
      <h3>{t('admin.import.heading')}</h3>
      <p className="hint">
        {t('admin.import.headerRow')} <code>{CSV_COLUMNS}</code> {t('admin.import.customFields')}
      </p>
      <input
        type="file"
        accept=".csv,text/csv"
        aria-label={t('admin.import.file')}
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (!f) return;
          setFileName(f.name);
          void f.arrayBuffer().then((b) => setCsv(decodeCsvFile(new Uint8Array(b))));
        }}
      />
      <textarea
        aria-label={t('admin.import.text')}
        rows={4}
        placeholder={t('admin.import.paste')}
        value={fileName ? '' : csv}
        onChange={(e) => {
          setFileName(null);
          setCsv(e.target.value);
        }}
      />
      <label className="check">
        <input type="checkbox" checked={skipInvalid} onChange={(e) => setSkipInvalid(e.target.checked)} />{' '}
        {t('admin.import.skipInvalid')}
      </label>
      <div className="actions">
        <button type="submit" className="primary">
          {fileName ? t('admin.import.runFile', { file: fileName }) : t('admin.import.run')}
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
            aria-valuetext={progressText(progress, i18n)}
            aria-label={t('admin.import.progress')}
          >
            <div style={{ width: `${pct}%` }} />
          </div>
          <p className="hint" data-testid="import-progress" aria-live="polite">
            {progressText(progress, i18n)}
          </p>
        </>
      )}
      <ProblemBanner problem={problem} />
      {result && (
        <div data-testid="import-result" role="status">
          {result.written ? t('admin.import.imported', { n: result.imported }) : t('admin.import.nothing')}
          {result.errorCount > 0
            ? t('admin.import.refused', { n: result.errorCount })
            : t('admin.import.end')}
          {result.errors.length > 0 && (
            <table className="list" data-testid="import-errors">
              <thead>
                <tr>
                  <th scope="col">{t('admin.import.row')}</th>
                  <th scope="col">{t('admin.import.problem')}</th>
                </tr>
              </thead>
              <tbody>
                {result.errors.map((e) => (
                  <tr key={`${e.row}-${e.message}`}>
                    <td>{e.row}</td>
                    <td>{rowProblemText(i18n, e)}</td>
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

function progressText(p: Progress, { t, number }: Translator): string {
  if (p.bytesTotal === 0) return t('admin.import.sending');
  const mb = (n: number) => number(n / 1_000_000, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const read = t('admin.import.read', {
    done: mb(p.bytesDone),
    total: mb(p.bytesTotal),
    rows: number(p.rowsDone),
    rowsTotal: number(p.rowsTotal),
  });
  return p.stage === 'reading' ? read : t('admin.import.checking', { read });
}
