// The Node the project runs on. The app's Node side runs inside Electron, so tests, browser mode, the server
// and the tools run on the Node major that the pinned Electron bundles: the `node` devDependency brings that
// Node from the npm registry, and npm puts it first on PATH for every `npm run` / `npx` command.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const majorOf = (range) => Number(/(\d+)/.exec(range ?? '')?.[1] ?? NaN);

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** The major of the `node` devDependency (the Node that `npm ci` installs into node_modules/.bin). */
export function pinnedNodeMajor(root = process.cwd()) {
  return majorOf(readJson(join(root, 'package.json')).devDependencies?.node);
}

/**
 * The Node major the installed Electron bundles. Electron's npm package depends on the @types/node of its own
 * Node major, so this is read without the Electron binary (which cannot be downloaded everywhere).
 */
export function electronNodeMajor(root = process.cwd()) {
  return majorOf(
    readJson(join(root, 'node_modules', 'electron', 'package.json')).dependencies?.['@types/node'],
  );
}

/** Why this process runs on the wrong Node, or undefined when it runs on the pinned major. */
export function wrongNode(root = process.cwd(), version = process.versions.node) {
  const pinned = pinnedNodeMajor(root);
  if (majorOf(version) === pinned) return undefined;
  const how = existsSync(join(root, 'node_modules', '.bin', 'node'))
    ? 'run it through npm (`npm test`, `npm run …`, `npx …`), which puts node_modules/.bin/node first on PATH'
    : 'run `npm ci` first: it installs that Node into node_modules';
  return `running on Node ${version}, but the project runs on Node ${pinned} (the Node inside Electron); ${how}`;
}
