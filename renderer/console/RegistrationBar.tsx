/** The softphone's registration to the PBX, since a campaign call can only be placed when it is Registered. */
import { registrationLabel } from '../calls/labels';
import { RegistrationState } from '../phone/states';
import type { Phone } from '../phone';
import { say } from '../../core/i18n';
import { useI18n } from '../i18n/i18n';

export function RegistrationBar({ phone }: { phone: Phone }) {
  const r = phone.registration;
  const { t } = useI18n();
  return (
    <div
      className={`console-registration registration-${r.state}`}
      data-testid="console-registration"
      data-state={r.state}
      role="status"
    >
      {t('registrationBar.phone')} <strong>{t(registrationLabel[r.state])}</strong>
      {r.state !== RegistrationState.Registered && ` — ${say(t, r.message)}`}
    </div>
  );
}
