// Loader hooks for record-loads.mjs. They run on the loader's own thread, so each URL is
// appended synchronously: the record is complete however the program ends.
import { appendFileSync } from 'node:fs';

const file = process.env.CALLSTREAM_RECORD_LOADS;

export async function load(url, context, nextLoad) {
  if (file) appendFileSync(file, `${url}\n`);
  return nextLoad(url, context);
}
