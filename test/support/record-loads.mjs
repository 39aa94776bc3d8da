// Preload with `node --import` to record, in the file named by $CALLSTREAM_RECORD_LOADS,
// the URL of every module the ES module loader loads (one per line): how the tests see
// what a command really loads, without trusting anything the program reports itself.
import { register } from 'node:module';

register('./record-loads-hooks.mjs', import.meta.url);
