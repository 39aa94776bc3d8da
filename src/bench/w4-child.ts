// W4 runs in its own process, so its peak RSS is its own and not the rest of the benchmark's.
import { SqliteEventStore } from '../store/sqlite.js';
import { w4Scale } from './workloads.js';

const [file, readModelFile] = process.argv.slice(2);
const store = new SqliteEventStore(file!, { synchronous: 'NORMAL' });
const result = await w4Scale(store, readModelFile!);
await store.close();
process.stdout.write(JSON.stringify(result));
