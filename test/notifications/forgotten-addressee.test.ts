/**
 * A customer who is forgotten (GDPR Art. 17) is written to no more: a message queued before
 * is withdrawn, not sent to an erased address and recorded as delivered; a fact after the
 * erasure queues no message to them.
 */
import { describe, expect, it } from 'vitest';
import { v4 as uuid } from 'uuid';
import type { Notification, NotificationSender } from '../../src/commands/outbox.js';
import { callLoggedNotificationId } from '../../src/commands/notification-triggers.js';
import {
  composeNotification,
  decideNotification,
  ERASED,
  evolveNotification,
  initialNotificationState,
  type NotificationCommand,
  type NotificationEvent,
} from '../../src/domain/index.js';
import { accept, onCall, serviceCompany, submit } from '../support/company.js';
import { staff } from '../support/pipeline.js';

class Gateway implements NotificationSender {
  readonly via = 'test-gateway';
  readonly received: Notification[] = [];
  async send(notification: Notification): Promise<void> {
    this.received.push(notification);
  }
}

const officer = { id: 'dpo', role: 'privacy-officer' } as const;
const at = new Date('2026-11-24T10:00:00Z');
const queued: NotificationEvent = {
  type: 'NotificationQueued',
  data: {
    at,
    notificationId: '5d5a2c1e-8f7b-4a43-9d0e-3c2b1a0f9e8d',
    kind: 'call-closed',
    language: 'en',
    template: { id: 'call-closed/en', version: 1 },
    channel: 'email',
    to: 'claire@acme.example',
    subject: 'Your call is closed',
    text: 'Hello',
  },
};
const given = (...events: NotificationEvent[]) =>
  events.reduce(evolveNotification, initialNotificationState());
const envelope = { commandId: uuid(), actor: { id: 'outbox', role: 'system' }, at } as const;
const withdraw = {
  ...envelope,
  type: 'WithdrawNotification',
  notificationId: queued.data.notificationId,
  reason: 'addressee-erased',
} as NotificationCommand;
const deliver = {
  ...envelope,
  type: 'RecordNotificationDelivery',
  notificationId: queued.data.notificationId,
  via: 'smtp',
} as NotificationCommand;

describe('a notification whose addressee is forgotten', () => {
  it('is withdrawn once, never recorded as delivered after, and not withdrawn once delivered', () => {
    const withdrawn = decideNotification(withdraw, given(queued));
    expect(withdrawn).toEqual([
      { type: 'NotificationWithdrawn', data: { at, reason: 'addressee-erased' } },
    ]);
    expect(decideNotification(withdraw, given(queued, ...withdrawn))).toEqual([]);
    expect(() => decideNotification(deliver, given(queued, ...withdrawn))).toThrow(
      expect.objectContaining({ code: 'NotificationWithdrawn' }),
    );
    const delivered = decideNotification(deliver, given(queued));
    expect(decideNotification(withdraw, given(queued, ...delivered))).toEqual([]);
  });

  it('is not written for an erased address, nor names or quotes what was erased', () => {
    const draft = {
      notificationId: queued.data.notificationId,
      kind: 'call-logged',
      language: 'en',
      facts: { number: 'C-000001', description: ERASED },
    } as const;
    expect(composeNotification({ ...draft, to: { name: 'Claire', email: ERASED } })).toBe(
      undefined,
    );
    expect(
      composeNotification({ ...draft, to: { name: ERASED, email: ERASED, phone: ERASED } }),
    ).toBe(undefined);
    // An erased e-mail beside a phone still there: the phone is the way.
    const bySms = composeNotification({
      ...draft,
      to: { name: ERASED, email: ERASED, phone: '+33 6 00 00 00 01' },
    });
    expect(bySms).toMatchObject({ channel: 'sms', to: '+33 6 00 00 00 01' });
    expect(bySms).not.toHaveProperty('toName');
    expect(bySms!.text).not.toContain(ERASED);
  });

  it('queued before the erasure: withdrawn, not sent, not acknowledged; after it: not queued', async () => {
    const gateway = new Gateway();
    const company = await serviceCompany({ notifications: gateway });
    const { callstream } = company;
    try {
      await submit(callstream, 'r1', '2026-11-23T09:00:00Z', {
        sender: { email: 'claire@acme.example', name: 'Claire' },
        serialNumber: 'SRV-1',
      });
      const { call } = await accept(callstream, 'r1', '2026-11-23T09:05:00Z');
      expect(await callstream.queueNotifications()).toMatchObject({ handled: 1 });
      await callstream.forgetPerson({
        commandId: uuid(),
        actor: officer,
        person: `requester:${call!.number}`,
        reason: 'DSR-2026-007',
        at: '2026-11-23T09:30:00Z',
      });
      const on = onCall(callstream, call!.number);
      await on('StartWork', '2026-11-23T10:00:00Z', {}, staff.eve);
      await on('ResolveCall', '2026-11-23T10:30:00Z', { solution: 'Rebooted' });

      // The solution is proposed to no one: the requester is forgotten, acme has no contact.
      expect(await callstream.queueNotifications()).toMatchObject({ handled: 0 });
      expect(await callstream.deliverNotifications()).toMatchObject({ handled: 1, failed: 0 });
      expect(gateway.received).toEqual([]);
      const first = callLoggedNotificationId(call!.callId);
      const types = async () => {
        const found: string[] = [];
        for await (const e of callstream.store.readStream(`notification-${first}`))
          found.push(e.type);
        return found;
      };
      expect(await types()).toEqual(['NotificationQueued', 'NotificationWithdrawn']);
      expect((await callstream.call(call!.number)).acknowledgements).toEqual({});
      expect(callstream.notificationCounts()).toMatchObject({ queued: 0, withdrawn: 1 });

      // Read again from the start (a lost checkpoint): still not sent, withdrawn once.
      callstream.readModels.reset('notification-delivery');
      await callstream.deliverNotifications();
      expect(gateway.received).toEqual([]);
      expect(await types()).toEqual(['NotificationQueued', 'NotificationWithdrawn']);
      await expect(
        callstream.executeJson({
          type: 'RecordNotificationDelivery',
          commandId: uuid(),
          actor: { id: 'gateway', role: 'system' },
          notificationId: first,
          via: 'smtp',
        }),
      ).rejects.toMatchObject({ code: 'NotificationWithdrawn' });
    } finally {
      await callstream.close();
    }
  });
});
