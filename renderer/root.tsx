// The shell, imported by the entry once it has asked the host for the settings (index.tsx).
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { takeStartAccount } from './boot';
import { openPhoneEarly } from './calls/phone-start';

performance.mark('dialdeck:shell-loaded');
// Registration goes first and overlaps the first render instead of waiting for it (issue 15, first screen).
openPhoneEarly(takeStartAccount());
const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');
createRoot(root).render(<App />);
