// The raw baseline of the start-up workload, run as its own process: what a read of one
// call costs with no callstream at all: start node, load better-sqlite3, open the file,
// select the call's events and parse them, print them. Argument: the file, the stream.
import Database from 'better-sqlite3';

const [file, stream] = process.argv.slice(2);
const db = new Database(file, { readonly: true });
const rows = db
  .prepare(
    'SELECT position, event_id, stream, revision, type, data, metadata, recorded_at FROM events WHERE stream = ? ORDER BY revision',
  )
  .all(stream) as Array<{ data: string; metadata: string }>;
const events = rows.map((row) => ({
  ...row,
  data: JSON.parse(row.data) as unknown,
  metadata: JSON.parse(row.metadata) as unknown,
}));
db.close();
process.stdout.write(`${JSON.stringify(events, null, 2)}\n`);
