import Database from 'better-sqlite3';
import { v4 as uuid } from 'uuid';
import { describe, expect, it } from 'vitest';
import { Callstream } from '../../src/callstream.js';
import { SqliteReadModelStore } from '../../src/projections/read-models/sqlite.js';
import { SqliteEventStore } from '../../src/store/sqlite.js';
import { accept, onCall, serviceCompany, submit } from '../support/company.js';
import { temporaryDatabase } from '../support/files.js';

const officer = { id: 'dpo', role: 'privacy-officer' } as const;

describe('a store written before encryption (issue 18)', () => {
  it('opens as it is, rebuilds its read models sealed, seals what comes next, exports the old values as stored in clear, and forgetting erases only the new ones', async () => {
    const file = temporaryDatabase();
    // Written as before this change: a store of its own, no key store, values in clear, in
    // the events and in the read models of the same file.
    const oldStore = new SqliteEventStore(file.path);
    const before = await serviceCompany({
      store: oldStore,
      readModels: new SqliteReadModelStore(oldStore.db),
    });
    await submit(before.callstream, 'r1', '2026-11-23T09:00:00Z', {
      sender: { name: 'Nina Old', email: 'claire@acme.example' },
      serialNumber: 'SRV-1',
    });
    const number = (await accept(before.callstream, 'r1', '2026-11-23T09:05:00Z')).call!.number;
    await before.callstream.close();

    const documents = (): string => {
      const db = new Database(file.path, { readonly: true });
      try {
        return (db.prepare('SELECT doc FROM rm_documents').pluck().all() as string[]).join('\n');
      } finally {
        db.close();
      }
    };
    expect(documents()).toContain('Nina Old');

    const callstream = await Callstream.open({ file: file.path });
    // Opened with keys, the read models written in clear are rebuilt sealed (their copies of
    // old values too): what stays in clear is the old events only.
    expect(documents()).not.toContain('Nina Old');
    expect(callstream.inbox({ status: 'accepted' })[0]!.sender.name).toBe('Nina Old');
    try {
      expect((await callstream.log(number)).some((entry) => entry.new === 'Nina Old')).toBe(true);
      await onCall(callstream, number)(
        'CorrectCallDetails',
        '2026-11-23T10:00:00Z',
        { reason: 'Spelling', reporter: { name: 'Nina Newer' } },
        { id: 'ann', role: 'agent' },
      );

      const [requester] = await callstream.exportPerson(`requester:${number}`);
      const logged = requester!.records.find((r) => r.type === 'CallLogged')!;
      expect(logged.values['data.reporter.name']).toBe('Nina Old');
      expect(logged.storedInClear).toContain('data.reporter.name');
      const corrected = requester!.records.find((r) => r.type === 'CallDetailsCorrected')!;
      expect(corrected.values['data.reporter.name']).toBe('Nina Newer');
      expect(corrected.storedInClear).toBeUndefined();

      await callstream.forgetPerson({
        commandId: uuid(),
        actor: officer,
        person: `requester:${number}`,
        reason: 'DSR-9',
      });
      const after = (await callstream.exportPerson(`requester:${number}`))[0]!;
      expect(
        after.records.find((r) => r.type === 'CallDetailsCorrected')!.values['data.reporter.name'],
      ).toBe('[erased]');
      // The read models' copy of the old clear value was sealed under the person's key: erased with it.
      expect(callstream.inbox({ status: 'accepted' })[0]!.sender.name).toBe('[erased]');
      // Honest limit: what was stored in clear stays readable; only a copy into a new store removes it (docs/privacy.md).
      expect(after.records.find((r) => r.type === 'CallLogged')!.values['data.reporter.name']).toBe(
        'Nina Old',
      );
      expect((await callstream.verifyHistory()).intact).toBe(true);
    } finally {
      await callstream.close();
    }
    const db = new Database(file.path, { readonly: true });
    expect(
      (db.prepare('SELECT data FROM events').pluck().all() as string[]).join('\n'),
    ).not.toContain('Nina Newer');
    db.close();
    file.remove();
  });
});
