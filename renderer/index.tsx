// The entry stays small: it reaches the host (no React, no contract schemas), then loads the phone, and loads the
// shell (React and the views) only once registration has settled, so evaluating the shell never sits between the
// REGISTER and its challenge (issue 15, first screen). The HTML shows "Starting…" meanwhile; the shell's files
// are fetched only then, so they do not share the first load with the phone's (electron.config.ts). The views
// behind the navigation load on first use (app.tsx).
import { startHost, startPhone } from './boot';
import { showStartingScreen, startingLocale } from './starting-screen';
import './styles.css';

performance.mark('dialdeck:entry');
showStartingScreen(startingLocale(undefined, navigator.languages));
void startHost()
  .then(({ settingsView }) =>
    showStartingScreen(startingLocale(settingsView.settings.ui.language, navigator.languages)),
  )
  .catch(() => undefined); // the shell shows the failure
void startPhone()
  .catch(() => undefined) // the shell shows a host failure; PhoneProvider reports a phone that failed to open
  .finally(() => import('./root'));
