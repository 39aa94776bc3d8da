import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Callstream } from '../../src/callstream.js';
import { loggedServerCall, serviceCompany } from '../support/company.js';
import { temporaryDatabase } from '../support/files.js';

/**
 * The key table is outside the hash chain: a key replaced by hand must not pass for an
 * erasure. "[erased]" means a PersonForgotten was recorded; anything else that stops a value
 * opening is damage, and says so.
 */
describe('personal values whose key was changed by hand', () => {
  let file: ReturnType<typeof temporaryDatabase>;
  beforeEach(() => {
    file = temporaryDatabase();
  });
  afterEach(() => file.remove());

  /** A call logged with a reporter, the file closed; the requester's subject id and the call's number. */
  async function loggedCall(): Promise<{ callId: string; number: string }> {
    const { callstream } = await serviceCompany({ file: file.path });
    const { number, callId } = await loggedServerCall(callstream, {
      reporter: { name: 'Zebulon Quixote', email: 'zq@acme.example' },
    });
    await callstream.close();
    return { callId, number };
  }

  it('that their active key does not open are SealedValueUnreadable in the log, the call, its summary and the export, never "[erased]"', async () => {
    const { callId, number } = await loggedCall();
    const db = new Database(file.path);
    db.prepare('UPDATE person_keys SET key = ? WHERE subject = ?').run(
      randomBytes(32),
      `requester:${callId}`,
    );
    db.close();

    const reopened = await Callstream.open({ file: file.path });
    try {
      const unreadable = { code: 'SealedValueUnreadable', subject: `requester:${callId}` };
      await expect(reopened.log(number)).rejects.toMatchObject(unreadable);
      await expect(reopened.call(number)).rejects.toMatchObject(unreadable);
      await expect(reopened.summary(number)).rejects.toMatchObject(unreadable);
      await expect(reopened.exportPerson(`requester:${number}`)).rejects.toMatchObject(unreadable);
    } finally {
      await reopened.close();
    }
  });

  it('whose key row is gone, tombstone and all, are exported as key-missing, not as never sealed', async () => {
    const { callId, number } = await loggedCall();
    const db = new Database(file.path);
    db.prepare('DELETE FROM person_keys WHERE subject = ?').run(`requester:${callId}`);
    db.close();

    const reopened = await Callstream.open({ file: file.path });
    try {
      const [exported] = await reopened.exportPerson(`requester:${number}`);
      expect(exported).toMatchObject({ person: `requester:${callId}`, state: 'key-missing' });
      expect(exported!.records[0]!.values['data.reporter.email']).toBe('[erased]');
    } finally {
      await reopened.close();
    }
  });
});
