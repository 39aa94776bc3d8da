// Preload with `node --import` to record, in the file named by $CALLSTREAM_RECORD_LOADS, the
// URL of every module loaded (one per line): what the ES module loader loads, as it loads it,
// and on exit every module in CommonJS's cache (the CLI's bundle and what it requires). How the
// tests see what a command really loads, without trusting anything the program reports itself.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';

register('./record-loads-hooks.mjs', import.meta.url);

const file = process.env.CALLSTREAM_RECORD_LOADS;
const { cache } = createRequire(import.meta.url);
process.on('exit', () => {
  if (!file) return;
  const required = Object.keys(cache).filter(
    (path) => path.startsWith('/') || /^[A-Z]:/i.test(path),
  );
  appendFileSync(file, required.map((path) => `${pathToFileURL(path).href}\n`).join(''));
});
