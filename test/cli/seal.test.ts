import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { cli } from '../support/cli.js';
import { temporaryDatabase } from '../support/files.js';

let cleanup: Array<() => void> = [];
afterEach(() => {
  for (const undo of cleanup) undo();
  cleanup = [];
});

/** A connection string to a local port nothing listens on: the client's real failure, no server needed. */
async function deadEndpoint(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `esdb://127.0.0.1:${port}?tls=false`;
}

describe('callstream seal (real child process)', () => {
  it('on SQLite says every append is chained already, and seals nothing (exit 0)', async () => {
    const db = temporaryDatabase();
    cleanup.push(db.remove);
    const run = await cli(['seal', '--db', db.path, '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ sealed: false, chainedOnAppend: true });
  });

  it('on EventStoreDB reaches the server first: an unreachable one is an error naming it (exit 1)', async () => {
    const env = { EVENTSTORE_CONNECTION_STRING: await deadEndpoint() };
    for (const command of ['seal', 'verify']) {
      const run = await cli([command, '--store', 'eventstoredb'], { env });
      expect(run.code, command).toBe(1);
      expect(run.stderr, command).toMatch(/Cannot reach EventStoreDB at 127\.0\.0\.1:\d+/);
    }
  });
});
