/**
 * One line at the top of the content when an update waits, installs or failed: the operator learns why the
 * app has not restarted yet (a call, a held contact, being Ready) and that it will.
 */
import { useEffect, useState } from 'react';
import type { UpdateStatus } from '../../core/contract';
import { useHost } from '../host';
import { useI18n } from '../i18n/i18n';
import { stateKey } from '../../core/i18n';

const shown: ReadonlySet<UpdateStatus['state']> = new Set(['ready', 'installing', 'error']);

export function UpdateNotice() {
  const { api } = useHost();
  const [status, setStatus] = useState<UpdateStatus | null>(null);
  const { t, has } = useI18n();
  useEffect(() => {
    void api.getUpdateStatus().then(setStatus, () => undefined);
    return api.on('updateStatusChanged', setStatus);
  }, [api]);
  if (!status || !shown.has(status.state) || !status.message) return null;
  return (
    <div
      className={status.state === 'error' ? 'banner banner-error' : 'banner'}
      role="status"
      data-testid="update-notice"
      data-state={status.state}
    >
      {status.text && has(status.text.key)
        ? t(status.text.key, {
            ...status.text.values,
            ...(status.text.values.state ? { state: t(stateKey(status.text.values.state)) } : {}),
          })
        : status.message}
    </div>
  );
}
