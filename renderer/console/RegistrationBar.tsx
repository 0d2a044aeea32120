/** The softphone's registration to the PBX, since a campaign call can only be placed when it is Registered. */
import { registrationLabel } from '../calls/labels';
import { RegistrationState } from '../phone/states';
import type { Phone } from '../phone';

export function RegistrationBar({ phone }: { phone: Phone }) {
  const r = phone.registration;
  return (
    <div
      className={`console-registration registration-${r.state}`}
      data-testid="console-registration"
      data-state={r.state}
      role="status"
    >
      Phone: <strong>{registrationLabel[r.state]}</strong>
      {r.state !== RegistrationState.Registered && ` — ${r.message}`}
    </div>
  );
}
