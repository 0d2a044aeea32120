// The entry stays small: it asks the host for the settings first, then loads React and the shell, so the two
// overlap (see boot.ts). The views behind the navigation load on first use (app.tsx).
import { startHost } from './boot';
import './styles.css';

performance.mark('dialdeck:entry');
void startHost().catch(() => undefined); // the shell shows the failure
void import('./root');
