/**
 * Connection strings: KurrentDB's schemes (kurrentdb://, kurrentdb+discover://) are taken
 * alongside EventStoreDB's, and reach the client as the esdb schemes it reads.
 */
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { EventStoreDbEventStore, InvalidConnectionString } from '../../src/store/eventstoredb.js';
import {
  clientConnectionString,
  isConnectionString,
} from '../../src/store/eventstoredb-connection.js';

describe('EventStoreDB / KurrentDB connection strings', () => {
  it('passes the esdb schemes on unchanged', () => {
    expect(clientConnectionString('esdb://localhost:2113?tls=false')).toBe(
      'esdb://localhost:2113?tls=false',
    );
    expect(clientConnectionString('esdb+discover://admin:changeit@cluster.example.com:2113')).toBe(
      'esdb+discover://admin:changeit@cluster.example.com:2113',
    );
  });

  it('reads kurrentdb:// as esdb:// and kurrentdb+discover:// as esdb+discover://, the rest untouched', () => {
    expect(clientConnectionString('kurrentdb://localhost:2113?tls=false')).toBe(
      'esdb://localhost:2113?tls=false',
    );
    expect(
      clientConnectionString(
        'kurrentdb://user:p%40ss@a:2111,b:2112,c:2113?tls=true&nodePreference=leader',
      ),
    ).toBe('esdb://user:p%40ss@a:2111,b:2112,c:2113?tls=true&nodePreference=leader');
    expect(clientConnectionString('kurrentdb+discover://cluster.example.com:2113')).toBe(
      'esdb+discover://cluster.example.com:2113',
    );
  });

  it('takes schemes in any case and ignores surrounding blanks, as a URI allows', () => {
    expect(clientConnectionString('  KurrentDB://localhost:2113?tls=false\n')).toBe(
      'esdb://localhost:2113?tls=false',
    );
    expect(clientConnectionString('ESDB+Discover://node:2113')).toBe('esdb+discover://node:2113');
  });

  it('refuses anything else, naming the schemes it takes and never echoing the string (it may hold a password)', () => {
    for (const wrong of [
      '',
      'localhost:2113',
      'http://localhost:2113',
      'kurrent://localhost:2113',
      'esdb:/localhost',
      'tcp://admin:secret@host:1113',
    ]) {
      expect(isConnectionString(wrong), wrong).toBe(false);
      expect(() => clientConnectionString(wrong), wrong).toThrow(InvalidConnectionString);
    }
    const error = (() => {
      try {
        clientConnectionString('tcp://admin:secret@host:1113');
      } catch (e) {
        return e as InvalidConnectionString;
      }
    })();
    expect(error?.code).toBe('InvalidConnectionString');
    expect(error?.message).toMatch(/kurrentdb:\/\/.*kurrentdb\+discover:\/\//);
    expect(
      JSON.stringify({ code: error?.code, name: error?.name, message: error?.message }),
    ).not.toMatch(/secret/);
  });

  it('a store refuses a wrong scheme when it is made, before loading the client or contacting anything', () => {
    expect(() => new EventStoreDbEventStore('http://localhost:2113')).toThrow(
      InvalidConnectionString,
    );
  });

  it('a subscription closed before it is iterated ends at once, and so does the store (nothing was opened)', async () => {
    const store = new EventStoreDbEventStore('kurrentdb://127.0.0.1:1?tls=false');
    const subscription = store.subscribeToAll();
    await subscription.close();
    const delivered: unknown[] = [];
    for await (const event of subscription) delivered.push(event);
    expect(delivered).toEqual([]);
    await store.close();
    expect(() => store.subscribeToAll()).toThrow(/closed/);
    await expect(store.headPosition()).rejects.toThrow(/closed/);
  });

  for (const scheme of ['kurrentdb', 'kurrentdb+discover']) {
    it(`a store given ${scheme}:// connects to the host and port it names`, async () => {
      // A TCP server that only counts connections: enough to see where the client went.
      let connections = 0;
      const server = net.createServer((socket) => {
        connections++;
        socket.destroy();
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as net.AddressInfo;
      const store = new EventStoreDbEventStore(`${scheme}://127.0.0.1:${port}?tls=false`);
      const read = store.headPosition().catch((error: unknown) => error);
      await expect.poll(() => connections, { timeout: 20_000 }).toBeGreaterThan(0);
      await store.close();
      await read;
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });
  }
});
