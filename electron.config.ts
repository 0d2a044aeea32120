// electron-vite: main (ESM, Node), preload (CommonJS — sandboxed preloads cannot be ES modules) and the
// renderer (React). `npm run build` writes out/main, out/preload and out/renderer; it needs no Electron binary.
import { resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';

/**
 * First screen (issue 15): the entry (renderer/index.tsx) reaches the host, then imports the phone
 * (renderer/calls/phone-start.ts), and imports the shell (renderer/root.tsx) once registration has settled. A
 * dynamic import's files are normally requested only once the entry has run: the phone's files are listed as
 * modulepreload links so the browser fetches them with the entry. The shell's files are not listed: as prefetch
 * links they were fetched alongside the phone's (the shell, the translator and the console's shared chunks, about
 * 330 KiB, arrived before the phone's own chunk) and Registered waited for them; they load when the shell is
 * imported, after Registered (docs/BENCHMARKS.md, first screen).
 */
function preloadFirstScreen(): Plugin {
  return {
    name: 'dialdeck-preload-first-screen',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const bundle = ctx.bundle ?? {};
        const chunks = Object.values(bundle).flatMap((c) => (c.type === 'chunk' ? [c] : []));
        const filesOf = (entry: string) => {
          const files = new Set<string>();
          const visit = (fileName: string) => {
            if (files.has(fileName) || html.includes(fileName)) return;
            files.add(fileName);
            const chunk = bundle[fileName];
            if (chunk?.type === 'chunk') chunk.imports.forEach(visit);
          };
          // The chunk that holds the module (a chunk shared with other entries has no facade module).
          const chunk = chunks.find((c) => Object.keys(c.modules).some((id) => id.endsWith(entry)));
          if (chunk) visit(chunk.fileName);
          return files;
        };
        return [...filesOf('/renderer/calls/phone-start.ts')].map((file) => ({
          tag: 'link',
          attrs: { rel: 'modulepreload', crossorigin: true, href: `./${file}` },
          injectTo: 'head' as const,
        }));
      },
    },
  };
}

/**
 * The embedded campaign server's first start (issue 15): a migrated PGlite directory in out/pglite
 * (server/store/pglite-template.ts), so a first start copies it instead of running initdb. Made once per schema.
 */
function pgliteTemplate(): Plugin {
  return {
    name: 'dialdeck-pglite-template',
    apply: 'build',
    closeBundle() {
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/pglite-template.mjs'], {
        stdio: 'inherit',
      });
      if (run.status !== 0) throw new Error('scripts/pglite-template.mjs failed');
    },
  };
}

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { index: resolve('main/electron/index.ts') } },
    },
    plugins: [pgliteTemplate()],
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // The sandbox's preload `require` knows only electron and a few built-ins: bundle everything else (zod).
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react(), preloadFirstScreen()],
    build: {
      outDir: 'out/renderer',
      // Evaluating the bundle is most of the page's load time: ship it minified.
      minify: true,
      rollupOptions: { input: { index: resolve('renderer/index.html') } },
    },
  },
});
