// What dist/ is built from, as one digest, so a build that would make the same dist/ again can
// be skipped. npm runs `prepare` after `npm ci` and again whenever it installs this checkout
// as a directory: the first `npx callstream` from a checkout links it into npm's npx cache and
// runs `prepare` there, which rebuilt everything (about 20 s of CPU and 700 MB for tsc) right
// after `npm ci` had. `node scripts/build-inputs.mjs record` ends every build (package.json).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Every file dist/ is made from; the code cache also depends on the Node that made it. */
const INPUTS = [
  'src',
  'scripts',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.build.json',
];

/** Where a build records its inputs: inside dist/, so deleting dist/ deletes the record too. */
const recordFile = (root) => join(root, 'dist', '.build-inputs');

function files(path) {
  return readdirSync(path, { withFileTypes: true }).flatMap((entry) => {
    const child = join(path, entry.name);
    return entry.isDirectory() ? files(child) : entry.isFile() ? [child] : [];
  });
}

function buildInputsDigest(root) {
  const hash = createHash('sha256').update(`${process.version} ${process.arch}\n`);
  const paths = INPUTS.flatMap((input) => {
    const path = join(root, input);
    if (!existsSync(path)) return [];
    return statSync(path).isDirectory() ? files(path) : [path];
  });
  for (const path of paths.map((p) => relative(root, p).split(sep).join('/')).sort()) {
    const content = readFileSync(join(root, path));
    hash.update(`${path}\n${content.length}\n`).update(content);
  }
  return hash.digest('hex');
}

/** Whether dist/ was built, completely, from exactly these inputs by this Node. */
export function isBuilt(root) {
  try {
    return readFileSync(recordFile(root), 'utf8') === buildInputsDigest(root);
  } catch {
    return false;
  }
}

export function record(root) {
  writeFileSync(recordFile(root), buildInputsDigest(root));
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === 'record')
  record(fileURLToPath(new URL('..', import.meta.url)));
