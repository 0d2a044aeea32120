// The shell, imported by the entry once the phone has registered or given up (index.tsx, boot.ts).
import { createRoot } from 'react-dom/client';
import { App } from './app';

performance.mark('dialdeck:shell-loaded');
const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');
createRoot(root).render(<App />);
