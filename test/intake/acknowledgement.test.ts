import { describe, expect, it } from 'vitest';
import type { Notification, NotificationSender } from '../../src/commands/outbox.js';
import { accept, serviceCompany, submit } from '../support/company.js';

class Inbox implements NotificationSender {
  readonly received: Notification[] = [];
  failNext = 0;
  async send(notification: Notification): Promise<void> {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('SMTP relay unavailable');
    }
    this.received.push(notification);
  }
}

describe('acknowledging a new call with its number (A7)', () => {
  it('sends one message per call at least once, records it on the call once, and shows it to the customer', async () => {
    const sender = new Inbox();
    const { callstream } = await serviceCompany({ notifications: sender });
    await submit(callstream, 'r1', '2026-11-23T09:00:00Z', {
      sender: { email: 'claire@acme.example', name: 'Claire' },
      serialNumber: 'SRV-1',
    });
    const { call } = await accept(callstream, 'r1', '2026-11-23T09:05:00Z');

    sender.failNext = 1;
    expect(await callstream.deliverNotifications()).toMatchObject({ handled: 0, failed: 1 });
    expect(sender.received).toEqual([]);
    expect(await callstream.deliverNotifications()).toMatchObject({ handled: 1, failed: 0 });
    expect(await callstream.deliverNotifications()).toMatchObject({ handled: 0 });
    expect(sender.received).toEqual([
      expect.objectContaining({
        kind: 'call-logged',
        number: call!.number,
        channel: 'email',
        to: 'claire@acme.example',
        toName: 'Claire',
        // acme's site is in France: French, as master data says by default.
        language: 'fr',
        template: { id: 'call-logged/fr', version: 1 },
        subject: `Votre demande ${call!.number} est enregistrée`,
        messageId: `<${sender.received[0]!.id}@callstream>`,
      }),
    ]);
    expect(sender.received[0]!.text).toContain(call!.number);
    expect(sender.received[0]!.text).toMatch(/^Bonjour Claire,/);

    const acknowledged = await callstream.call(call!.number);
    expect(Object.values(acknowledged.acknowledgements)).toEqual([
      expect.objectContaining({ channel: 'email', to: 'claire@acme.example' }),
    ]);
    const view = await callstream.log(call!.number, { audience: 'customer' });
    expect(
      view.some(
        (e) =>
          e.eventType === 'CallAcknowledged' && e.field.endsWith('.channel') && e.new === 'email',
      ),
    ).toBe(true);
    expect(JSON.stringify(view)).not.toContain('"to"');
  });

  it('moves its checkpoint after each acknowledgement and once over the events passed by, not once per event read', async () => {
    const sender = new Inbox();
    const { callstream } = await serviceCompany({ notifications: sender });
    for (const [i, at] of [
      '2026-11-23T09:00:00Z',
      '2026-11-23T09:10:00Z',
      '2026-11-23T09:20:00Z',
    ].entries()) {
      await submit(callstream, `r${i}`, at, {
        sender: { email: 'claire@acme.example' },
        serialNumber: 'SRV-1',
      });
      await accept(
        callstream,
        `r${i}`,
        at
          .replace(':00:00Z', ':05:00Z')
          .replace(':10:00Z', ':15:00Z')
          .replace(':20:00Z', ':25:00Z'),
      );
    }
    const moves: bigint[] = [];
    const readModels = callstream.readModels;
    const commit = readModels.commit.bind(readModels);
    readModels.commit = (batches) => {
      for (const batch of batches)
        if (batch.projection === 'outbox-acknowledgements') moves.push(batch.position);
      return commit(batches);
    };
    const head = await callstream.store.headPosition();
    expect(head! > 20n).toBe(true); // the company's set-up and the requests: far more events than calls
    const report = await callstream.deliverNotifications();
    expect(report).toMatchObject({ handled: 3, failed: 0 });
    // Three queued, then once at the end over the rest: not once per event read.
    expect(moves.length).toBeLessThanOrEqual(4);
    moves.length = 0;
    expect(await callstream.deliverNotifications()).toMatchObject({ handled: 0, failed: 0 });
    // Only over what the delivery recorded since: one move.
    expect(moves.length).toBeLessThanOrEqual(1);
  });

  it('acknowledges, when told knownBy, only the calls recorded up to that store position; the others at the next delivery', async () => {
    const sender = new Inbox();
    const { callstream } = await serviceCompany({ notifications: sender });
    await submit(callstream, 'r1', '2026-11-23T09:00:00Z', {
      sender: { email: 'claire@acme.example' },
      serialNumber: 'SRV-1',
    });
    const first = await accept(callstream, 'r1', '2026-11-23T09:05:00Z');
    const knownBy = await callstream.store.headPosition();
    await submit(callstream, 'r2', '2026-11-23T09:00:00Z', {
      sender: { email: 'claire@acme.example' },
      serialNumber: 'SRV-1',
    });
    const second = await accept(callstream, 'r2', '2026-11-23T09:06:00Z');
    expect(await callstream.deliverNotifications({ knownBy: knownBy! })).toMatchObject({
      handled: 1,
      failed: 0,
    });
    expect(sender.received.map((n) => n.number)).toEqual([first.call!.number]);
    expect(await callstream.deliverNotifications()).toMatchObject({ handled: 1 });
    expect(sender.received.map((n) => n.number)).toEqual([first.call!.number, second.call!.number]);
  });

  it('does not record a resent acknowledgement twice', async () => {
    const sender = new Inbox();
    const { callstream } = await serviceCompany({ notifications: sender });
    await submit(callstream, 'r1', '2026-11-23T09:00:00Z', {
      sender: { email: 'claire@acme.example' },
      serialNumber: 'SRV-1',
    });
    const { call } = await accept(callstream, 'r1', '2026-11-23T09:05:00Z');
    await callstream.deliverNotifications();
    // A crash after sending, before the checkpoint moved: the same message goes out again.
    callstream.readModels.reset('notification-delivery');
    await callstream.deliverNotifications();
    expect(sender.received.map((n) => n.id)).toEqual([
      sender.received[0]!.id,
      sender.received[0]!.id,
    ]);
    expect(Object.keys((await callstream.call(call!.number)).acknowledgements)).toHaveLength(1);
  });
});

describe('analytics: where time leaks (C5)', () => {
  it('shows calls, time and cost per purpose and product, and the share under warranty', async () => {
    const { callstream } = await serviceCompany();
    const logged = [];
    for (const [id, serial, service] of [
      ['a', 'SRV-1', 'remote-support'],
      ['b', 'LAP-1', 'depot-repair'],
      ['c', 'LAP-1', 'depot-repair'],
    ] as const) {
      await submit(callstream, id, '2026-11-23T09:00:00Z', {
        sender: { email: 'claire@acme.example' },
        serialNumber: serial,
        service,
      });
      logged.push((await accept(callstream, id, '2026-11-23T09:05:00Z')).call!);
    }
    const run = (type: string, call: string, fields: Record<string, unknown>) =>
      callstream.executeJson({
        type,
        commandId: crypto.randomUUID(),
        actor: { id: 'eve', role: 'engineer' },
        call,
        at: '2026-11-23T10:00:00Z',
        ...fields,
      });
    await run('ClassifyCall', logged[0]!.number, { purpose: 'user-error', product: 'server-r740' });
    await run('ClassifyCall', logged[1]!.number, { purpose: 'warranty-repair', product: 'laptop' });
    await run('ClassifyCall', logged[2]!.number, { purpose: 'warranty-repair', product: 'laptop' });
    await run('BookTime', logged[1]!.number, { labourType: 'depot', minutes: 90 });
    await run('BookCost', logged[2]!.number, {
      category: 'freight',
      description: 'Courier',
      amount: { amount: 1500, currency: 'EUR' },
    });
    expect(callstream.analytics('purpose')).toEqual({
      'user-error': {
        calls: 1,
        minutes: 0,
        minutesByLabour: {},
        costs: {},
        underWarranty: 0,
        warrantyShare: 0,
        notCovered: 0,
        resolved: 0,
      },
      'warranty-repair': {
        calls: 2,
        minutes: 90,
        minutesByLabour: { depot: 90 },
        costs: { EUR: 1500 },
        underWarranty: 2,
        warrantyShare: 1,
        notCovered: 0,
        resolved: 0,
      },
    });
    expect(callstream.analytics('customer').acme).toMatchObject({
      calls: 3,
      underWarranty: 2,
      warrantyShare: 0.667,
    });
    expect(Object.keys(callstream.analytics('contract'))).toEqual(['acme-2026']);
  });
});
