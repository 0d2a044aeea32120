/**
 * The renderer's Content-Security-Policy, sent as a header by both hosts (app:// protocol and browser mode).
 * Scripts, styles and fonts only from our own origin; network only to our origin and SIP over WebSocket
 * (ws:// on loopback for a local PBX or mock-sip, wss:// anywhere); media from our origin and blob: ringtones.
 */
export const RENDERER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "media-src 'self' blob:",
  "connect-src 'self' ws://127.0.0.1:* wss:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const rendererHeaders = {
  'Content-Security-Policy': RENDERER_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Referrer-Policy': 'no-referrer',
};
