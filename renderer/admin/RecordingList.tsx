/**
 * A campaign's call recordings and where each stands (issue 13.8): on its way, kept on the server, failed or lost
 * with the reason, so a missing recording is seen here rather than discovered later. The audio itself is served
 * to admin API tokens by the Public API (docs/API.md); the view never holds it.
 */
import { useEffect, useState } from 'react';
import type { MessageKey } from '../../core/i18n';
import type { CampaignRecording, RecordingStatus } from '../../core/recording';
import { useHost } from '../host';
import { useI18n } from '../i18n/i18n';
import { ProblemBanner, problemText } from './ProblemBanner';

const statusText: Readonly<Record<RecordingStatus, MessageKey>> = {
  pending: 'recording.status.pending',
  uploaded: 'recording.status.uploaded',
  failed: 'recording.status.failed',
  lost: 'recording.status.lost',
};

/**
 * Fetches one recording's audio through the host (which holds the admin token) on request, then offers a player and
 * a download of the same bytes; the object URL is let go with the row.
 */
function RecordingAudio({ recording }: { recording: CampaignRecording }) {
  const { api } = useHost();
  const i18n = useI18n();
  const { t } = i18n;
  const [url, setUrl] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(
    () => () => {
      if (url) URL.revokeObjectURL(url);
    },
    [url],
  );
  const name = recording.contactName;
  const load = async () => {
    try {
      const audio = await api.adminRecordingAudio({ attemptId: recording.attemptId });
      const bytes = Uint8Array.from(atob(audio.base64), (ch) => ch.charCodeAt(0));
      setUrl(URL.createObjectURL(new Blob([bytes], { type: audio.format })));
      setProblem(null);
    } catch (err) {
      setProblem(problemText(i18n, err));
    }
  };
  if (!url)
    return (
      <>
        <button type="button" aria-label={t('recording.list.loadFor', { name })} onClick={() => void load()}>
          {t('recording.list.load')}
        </button>
        <ProblemBanner problem={problem} />
      </>
    );
  const extension = /ogg/.test(recording.format ?? '') ? 'ogg' : 'webm';
  return (
    <>
      <audio
        controls
        src={url}
        aria-label={t('recording.list.player', { name })}
        data-testid="recording-audio"
      />
      <a
        href={url}
        download={`recording-${recording.attemptId}.${extension}`}
        aria-label={t('recording.list.downloadFor', { name })}
      >
        {t('recording.list.download')}
      </a>
    </>
  );
}

/** `counts` changes as the campaign's contacts move, which is when a recording may have arrived. */
export function RecordingList({
  campaignId,
  counts,
}: {
  campaignId: string;
  counts: Record<string, number>;
}) {
  const { api } = useHost();
  const i18n = useI18n();
  const { t, dateTime, duration } = i18n;
  const [list, setList] = useState<CampaignRecording[]>([]);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api.adminListRecordings({ campaignId }).then(
      (r) => live && setList(r),
      (err: unknown) => live && setProblem(problemText(i18n, err)),
    );
    return () => {
      live = false;
    };
  }, [api, campaignId, counts]);

  if (list.length === 0 && !problem) return null;
  return (
    <section aria-label={t('recording.list.heading')}>
      <h3>{t('recording.list.heading')}</h3>
      <ProblemBanner problem={problem} />
      <table className="list" data-testid="recording-list">
        <thead>
          <tr>
            <th scope="col">{t('recording.list.contact')}</th>
            <th scope="col">{t('recording.list.operator')}</th>
            <th scope="col">{t('recording.list.started')}</th>
            <th scope="col">{t('recording.list.status')}</th>
            <th scope="col">{t('recording.list.length')}</th>
            <th scope="col">{t('recording.list.pauses')}</th>
            <th scope="col">{t('recording.list.audio')}</th>
          </tr>
        </thead>
        <tbody>
          {list.map((r) => (
            <tr key={r.attemptId} data-testid={`recording-${r.attemptId}`} data-status={r.status}>
              <td>{r.contactName}</td>
              <td>{r.operator ?? ''}</td>
              <td>{dateTime(r.startedAt)}</td>
              <td>
                {t(statusText[r.status])}
                {/* The recorder's or the server's reason is English: apart, for IT. */}
                {r.reason && <div className="hint">{t('details.forIt', { detail: r.reason })}</div>}
              </td>
              <td>{r.durationMs === null ? '' : duration(Math.round(r.durationMs / 1000))}</td>
              <td>{r.pauses.length}</td>
              <td>{r.status === 'uploaded' && <RecordingAudio recording={r} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
