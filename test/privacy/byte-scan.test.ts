import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { v4 as uuid } from 'uuid';
import { describe, expect, it } from 'vitest';
import { Callstream } from '../../src/callstream.js';
import { customers, staff } from '../../src/demo/organisation.js';
import { DEMO_START, runDemo, SimulatedClock } from '../../src/demo/run.js';
import { temporaryDatabase } from '../support/files.js';

/** Every contact name, e-mail address and phone number the demo uses, and its staff's names. */
const personalValues = [
  ...customers.flatMap(({ contact }) => [contact.name, contact.email, contact.phone]),
  ...Object.values(staff).flatMap((actor): string[] => ('name' in actor ? [actor.name] : [])),
];

function fileBytes(path: string): Buffer {
  const parts = [readFileSync(path)];
  try {
    parts.push(readFileSync(`${path}-wal`));
  } catch {
    // no WAL left after the checkpoint
  }
  return Buffer.concat(parts);
}

const notificationTexts: string[] = [];

/** Every name, e-mail address and phone number the events of the store hold (opened), and the notifications' texts. */
async function namesAndAddresses(callstream: Callstream): Promise<string[]> {
  const found = new Set<string>();
  const text = (value: unknown) => {
    if (typeof value === 'string' && value !== '[erased]') found.add(value);
  };
  for await (const { type, data, metadata } of callstream.store.readAll()) {
    const event = data as Record<string, Record<string, unknown> | undefined>;
    const contact = type === 'ContactAdded' ? (event as Record<string, unknown>) : undefined;
    for (const person of [event.reporter, event.sender, contact])
      for (const field of ['name', 'email', 'phone']) text(person?.[field]);
    if (type === 'IdentifierAdded' && event.identifier?.kind !== 'account')
      text(event.identifier?.value);
    text((metadata.actor as { name?: unknown } | undefined)?.name);
    if (type === 'NotificationQueued') {
      // The customer notifications: the addressee and the text written to them.
      const notification = data as Record<string, unknown>;
      for (const field of ['to', 'toName', 'text']) text(notification[field]);
      notificationTexts.push(notification.text as string);
    }
  }
  return [...found];
}

/** The file names and URIs of every attachment the events hold (opened). */
async function attachmentNamesAndUris(callstream: Callstream): Promise<string[]> {
  const found = new Set<string>();
  for await (const { data } of callstream.store.readAll()) {
    const event = data as {
      attachments?: Array<Record<string, unknown>>;
      attachment?: Record<string, unknown>;
    };
    for (const file of [
      ...(event.attachments ?? []),
      ...(event.attachment ? [event.attachment] : []),
    ])
      for (const value of [file.fileName, file.uri])
        if (typeof value === 'string' && value !== '[erased]') found.add(value);
  }
  return [...found];
}

describe('no personal value in clear in the callstream file (issue 18)', () => {
  it('after a demo run, in the events and the read models of one file, and after forgetting, the bytes of the file and its WAL hold none', async () => {
    const file = temporaryDatabase();
    const clock = new SimulatedClock(DEMO_START);
    // Events, keys and read models in the one file, as `callstream demo` writes it.
    const callstream = new Callstream({
      file: file.path,
      clock: clock.read,
      notifications: { send: async () => undefined },
    });
    await callstream.catchUp();
    await runDemo(callstream, { calls: 30, seed: 7, clock });
    const values = [...new Set([...personalValues, ...(await namesAndAddresses(callstream))])];
    const attached = await attachmentNamesAndUris(callstream);
    // The demo did use them, and the read models show them in clear when read.
    const shown = JSON.stringify([
      callstream.inbox({ status: ['waiting', 'refused', 'accepted', 'declined'] }),
      ...customers.map((c) => callstream.readModels.get('master-data', 'customers', c.id)),
    ]);
    expect(values.filter((value) => shown.includes(value)).length).toBeGreaterThan(10);

    // The first call, whatever became of it (archived or not: the demo's timing decides).
    const call = (await callstream.summary('C-000001'))!;
    const description = (await callstream.call(call.callId)).description;
    await callstream.forgetPerson({
      commandId: uuid(),
      actor: { id: 'dpo', role: 'privacy-officer' },
      person: `requester:${call.callId}`,
      reason: 'DSR-1',
    });
    expect((await callstream.summary(call.callId))!.description).toBe('[erased]');
    await callstream.close();
    const db = new Database(file.path);
    db.pragma('wal_checkpoint(TRUNCATE)');
    // The read models are in the file: documents, sealed.
    expect(db.prepare('SELECT count(*) FROM rm_documents').pluck().get()).toBeGreaterThan(100);
    db.close();

    const bytes = fileBytes(file.path);
    expect(bytes.includes(Buffer.from('"$sealed"'))).toBe(true);
    expect(values.length).toBeGreaterThan(30);
    expect(values.filter((value) => bytes.includes(Buffer.from(value, 'utf8')))).toEqual([]);
    expect(bytes.includes(Buffer.from(description, 'utf8'))).toBe(false);
    // Attachment file names and URIs (issue 20) are sealed too; the demo did attach some.
    expect(attached.length).toBeGreaterThan(0);
    expect(attached.filter((value) => bytes.includes(Buffer.from(value, 'utf8')))).toEqual([]);
    // The demo queued notifications, and none of their texts is in the file in clear.
    expect(notificationTexts.length).toBeGreaterThan(20);
    expect(notificationTexts.filter((t) => bytes.includes(Buffer.from(t, 'utf8')))).toEqual([]);
    file.remove();
  }, 600_000);
});
