/**
 * `app://dialdeck/…` serves the built renderer: a real origin (so CSP 'self', permissions and the sender
 * check have something to compare against) instead of `file://`, which every local file would share.
 */
import { pathToFileURL } from 'node:url';
import { rendererHeaders } from '../csp';
import { resolveRendererFile } from '../renderer-files';
import type { ElectronApi, SessionApi } from './electron-api';

export const APP_SCHEME = 'app';
export const APP_URL = 'app://dialdeck/';

/** Must run before `app` is ready. */
export function registerAppScheme(protocol: ElectronApi['protocol']): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

export function serveRenderer(session: SessionApi, net: ElectronApi['net'], rendererDir: string): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    // resolveRendererFile refuses any path that leaves the renderer folder (../, %2e%2e, NUL).
    const found = url.host === 'dialdeck' ? resolveRendererFile(rendererDir, url.pathname) : null;
    if (!found) return new Response('not found', { status: 404 });
    const file = await net.fetch(pathToFileURL(found.file).toString());
    return new Response(file.body, {
      status: 200,
      headers: { 'Content-Type': found.contentType, ...rendererHeaders },
    });
  });
}
