/**
 * A call whose reporter cannot be reached (a reporter given by name only, a plan, a meter, an
 * alarm) is acknowledged to the customer's contact standing in (A7). Their address and name
 * on the notification and the acknowledgement are the contact's personal data, not the
 * requester's: forgetting the contact erases them, exporting the contact lists them, and the
 * requester's subject holds only what is the requester's (the text, which quotes their words).
 */
import { v4 as uuid } from 'uuid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Callstream } from '../../src/callstream.js';
import type { Notification, NotificationSender } from '../../src/commands/outbox.js';
import { callLoggedNotificationId } from '../../src/commands/notification-triggers.js';
import { ERASED, type Actor } from '../../src/domain/index.js';
import { isPrivateStore } from '../../src/privacy/private-store.js';
import { isSealed } from '../../src/privacy/sealed.js';
import { serviceCompany } from '../support/company.js';
import { temporaryDatabase } from '../support/files.js';
import { staff } from '../support/pipeline.js';

class Gateway implements NotificationSender {
  readonly via = 'test-gateway';
  readonly received: Notification[] = [];
  async send(notification: Notification): Promise<void> {
    this.received.push(notification);
  }
}

const officer: Actor = { id: 'dpo', role: 'privacy-officer' };
const zeb = { name: 'Zebulon Quixote', email: 'zq@acme.example' };
const pat = { name: 'Patience Ngata', email: 'pat@acme.example' };
const description = 'The cold room alarm went off at night';

describe("a call's messages to a contact standing in for its reporter", () => {
  let file: ReturnType<typeof temporaryDatabase>;
  let gateway: Gateway;
  let callstream: Callstream;
  /** Reported by name only: told through the contact zeb. */
  let byName: { callId: string; number: string };
  /** Reported by someone with an e-mail address: told directly. */
  let byMail: { callId: string; number: string };

  const logCall = async (reporter: Record<string, string>, at: string) => {
    const result = await callstream.execute({
      type: 'LogCall',
      commandId: uuid(),
      actor: staff.ann,
      at,
      intake: { mode: 'knowledgeable', channel: 'phone' },
      subject: { kind: 'customer', customerId: 'acme', siteId: 'paris', contactId: 'zeb' },
      item: { item: 'server-r740', serialNumber: 'SRV-1' },
      reporter,
      description,
    });
    return { callId: result.callId, number: result.number };
  };

  beforeEach(async () => {
    file = temporaryDatabase();
    gateway = new Gateway();
    let run;
    ({ callstream, run } = await serviceCompany({ file: file.path, notifications: gateway }));
    await run('AddContact', { customerId: 'acme', contactId: 'zeb', ...zeb });
    byName = await logCall({ name: 'Night Watch' }, '2026-11-23T09:00:00Z');
    byMail = await logCall(pat, '2026-11-23T09:10:00Z');
    expect(await callstream.queueNotifications()).toMatchObject({ handled: 2 });
  });
  afterEach(async () => {
    await callstream.close();
    file.remove();
  });

  const forget = (person: string) =>
    callstream.forgetPerson({ commandId: uuid(), actor: officer, person, reason: 'DSR-9' });
  /** The call's first notification, as the store reads it (opened, or erased). */
  const queued = async (callId: string): Promise<Record<string, unknown>> => {
    for await (const event of callstream.store.readStream(
      `notification-${callLoggedNotificationId(callId)}`,
    ))
      if (event.type === 'NotificationQueued') return event.data as Record<string, unknown>;
    throw new Error(`no notification for ${callId}`);
  };
  /** The subject each personal value of an event is stored sealed under. */
  const sealedUnder = async (streamName: string, type: string) => {
    const store = callstream.store;
    if (!isPrivateStore(store)) throw new Error('not sealed');
    for await (const event of store.sealed.readStream(streamName))
      if (event.type === type)
        return Object.fromEntries(
          Object.entries(event.data as Record<string, unknown>).flatMap(([field, value]) =>
            isSealed(value) ? [[field, value.$sealed]] : [],
          ),
        );
    throw new Error(`no ${type} on ${streamName}`);
  };
  const exported = async (person: string): Promise<string> =>
    JSON.stringify(await callstream.exportPerson(person));
  const acknowledgedTo = async (number: string) =>
    Object.values((await callstream.call(number)).acknowledgements).map((ack) => ack.to);

  it("seals the contact's address and name under the contact, the text under the requester; the greeting names no one", async () => {
    const notification = await queued(byName.callId);
    expect(notification).toMatchObject({
      customerId: 'acme',
      contactId: 'zeb',
      to: zeb.email,
      toName: zeb.name,
    });
    // acme's first site is in France: the nameless French greeting.
    expect(notification.text).toMatch(/^Bonjour,/);
    expect(notification.text).not.toContain('Zebulon');
    expect(
      await sealedUnder(
        `notification-${callLoggedNotificationId(byName.callId)}`,
        'NotificationQueued',
      ),
    ).toEqual({
      to: 'contact:acme/zeb',
      toName: 'contact:acme/zeb',
      text: `requester:${byName.callId}`,
    });

    await callstream.deliverNotifications();
    expect(gateway.received.map((each) => [each.to, each.contactId])).toEqual([
      [zeb.email, 'zeb'],
      [pat.email, undefined],
    ]);
    expect(await acknowledgedTo(byName.number)).toEqual([zeb.email]);
    expect(await sealedUnder(`call-${byName.callId}`, 'CallAcknowledged')).toEqual({
      to: 'contact:acme/zeb',
    });
  });

  it('leaves a notification to the reporter as it was: all of it theirs, greeting them by name', async () => {
    const notification = await queued(byMail.callId);
    expect(notification).not.toHaveProperty('contactId');
    expect(notification).toMatchObject({ to: pat.email, toName: pat.name });
    expect(notification.text).toMatch(/^Bonjour Patience Ngata,/);
    expect(
      await sealedUnder(
        `notification-${callLoggedNotificationId(byMail.callId)}`,
        'NotificationQueued',
      ),
    ).toEqual({
      to: `requester:${byMail.callId}`,
      toName: `requester:${byMail.callId}`,
      text: `requester:${byMail.callId}`,
    });
    await callstream.deliverNotifications();
    expect(await sealedUnder(`call-${byMail.callId}`, 'CallAcknowledged')).toEqual({
      to: `requester:${byMail.callId}`,
    });
    await forget('contact:acme/zeb');
    expect(await queued(byMail.callId)).toMatchObject({ to: pat.email, toName: pat.name });
    expect(await acknowledgedTo(byMail.number)).toEqual([pat.email]);
  });

  it("exports the messages to the contact with the contact's data, and none of it with the requester's", async () => {
    await callstream.deliverNotifications();
    const [contact] = await callstream.exportPerson('contact:acme/zeb');
    expect(
      contact!.records.map((record) => [record.type, Object.keys(record.values).sort()]),
    ).toEqual([
      ['ContactAdded', ['data.email', 'data.name']],
      ['NotificationQueued', ['data.to', 'data.toName']],
      ['CallAcknowledged', ['data.to']],
    ]);
    expect(contact!.records.find((r) => r.type === 'CallAcknowledged')!.streamName).toBe(
      `call-${byName.callId}`,
    );
    const requester = await exported(`requester:${byName.number}`);
    expect(requester).toContain(description);
    expect(requester).not.toContain(zeb.email);
    expect(requester).not.toContain(zeb.name);
  });

  it("forgetting the contact erases their address and name, and keeps the requester's text", async () => {
    await callstream.deliverNotifications();
    const before = await queued(byName.callId);
    await forget('contact:acme/zeb');

    expect(await queued(byName.callId)).toMatchObject({
      to: ERASED,
      toName: ERASED,
      text: before.text,
    });
    expect(await acknowledgedTo(byName.number)).toEqual([ERASED]);
    for (const person of ['contact:acme/zeb', `requester:${byName.number}`]) {
      const held = await exported(person);
      expect(held).not.toContain(zeb.email);
      expect(held).not.toContain(zeb.name);
    }
    expect(await exported(`requester:${byName.number}`)).toContain(description);
  });

  it("forgetting the requester erases the text, and keeps the contact's address; the message is not sent", async () => {
    await forget(`requester:${byName.number}`);
    expect(await queued(byName.callId)).toMatchObject({
      to: zeb.email,
      toName: zeb.name,
      text: ERASED,
    });
    // "[erased]" is no message to send the contact: withdrawn, not acknowledged.
    await callstream.deliverNotifications();
    expect(gateway.received.map((each) => each.to)).toEqual([pat.email]);
    const recorded: Array<[string, unknown]> = [];
    for await (const event of callstream.store.readStream(
      `notification-${callLoggedNotificationId(byName.callId)}`,
    ))
      recorded.push([event.type, (event.data as { reason?: unknown }).reason]);
    expect(recorded).toEqual([
      ['NotificationQueued', undefined],
      ['NotificationWithdrawn', 'text-erased'],
    ]);
    expect(await acknowledgedTo(byName.number)).toEqual([]);
    expect(await exported('contact:acme/zeb')).toContain(zeb.email);
  });
});
