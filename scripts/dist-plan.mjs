// What `npm run dist` will do on this machine, decided before anything is built (scripts/dist.mjs runs it).
// Pure, so test/main/electron/dist.spec.ts checks every branch without building.

/** electron-builder's flag for each OS it can build on; each builds only its own OS's installers here. */
const targets = { win32: '--win', darwin: '--mac', linux: '--linux' };

/**
 * @param {{ binary: { path: string } | { missing: string }, platform: string, env: Record<string, string | undefined> }} o
 * @returns {{ ok: false, line: string } | { ok: true, args: string[], env: Record<string, string>, notes: string[] }}
 */
export function distPlan({ binary, platform, env }) {
  if ('missing' in binary) {
    return {
      ok: false,
      line: `dist: cannot build installers: ${binary.missing}; fetch it with \`node node_modules/electron/install.js\` where GitHub is reachable (no installer was written)`,
    };
  }
  const target = targets[platform];
  if (!target) return { ok: false, line: `dist: electron-builder builds no installers on ${platform}` };

  const args = ['--config', 'electron-builder.yml', target, '--publish', 'never'];
  // Build from the Electron already in node_modules rather than downloading another copy.
  args.push(
    `--config.electronDist=${binary.path.replace(/[/\\](Electron\.app[/\\].*|electron(\.exe)?)$/i, '')}`,
  );
  const extraEnv = {};
  const notes = [];
  if (platform === 'darwin' || platform === 'win32') {
    if (!env.CSC_LINK && !(platform === 'win32' && env.WIN_CSC_LINK)) {
      notes.push('dist: not signing: CSC_LINK is not set (see docs/IT.md, "Building the installers")');
      extraEnv.CSC_IDENTITY_AUTO_DISCOVERY = 'false';
    }
  }
  if (platform === 'darwin') {
    const notarise =
      (env.APPLE_ID && env.APPLE_APP_SPECIFIC_PASSWORD && env.APPLE_TEAM_ID) ||
      (env.APPLE_API_KEY && env.APPLE_API_KEY_ID && env.APPLE_API_ISSUER);
    if (!notarise || extraEnv.CSC_IDENTITY_AUTO_DISCOVERY) {
      notes.push(
        'dist: not notarising: APPLE_ID/APPLE_APP_SPECIFIC_PASSWORD/APPLE_TEAM_ID (or APPLE_API_KEY…) and a signing identity are needed',
      );
      args.push('--config.mac.notarize=false');
    }
  }
  return { ok: true, args, env: extraEnv, notes };
}
