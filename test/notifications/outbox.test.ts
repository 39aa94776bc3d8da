/**
 * The outbox of customer notifications: each fact a customer is told queues one message in
 * their language, recorded once, delivered at least once, each delivery recorded once.
 */
import { describe, expect, it } from 'vitest';
import type { Notification, NotificationSender } from '../../src/commands/outbox.js';
import { accept, onCall, serviceCompany, submit } from '../support/company.js';
import { staff } from '../support/pipeline.js';

class Gateway implements NotificationSender {
  readonly via = 'test-gateway';
  readonly received: Notification[] = [];
  failNext = 0;
  async send(notification: Notification): Promise<void> {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('gateway down');
    }
    this.received.push(notification);
  }
}

type Company = Awaited<ReturnType<typeof serviceCompany>>;

async function streamTypes(company: Company, notificationId: string): Promise<string[]> {
  const types: string[] = [];
  for await (const e of company.callstream.store.readStream(`notification-${notificationId}`))
    types.push(e.type);
  return types;
}

/** acme's call from claire, in eve's hands: the call, and its next steps. */
async function claireCall(company: Company) {
  const { callstream } = company;
  await submit(callstream, 'r1', '2026-11-23T09:00:00Z', {
    sender: { email: 'claire@acme.example', name: 'Claire' },
    serialNumber: 'SRV-1',
  });
  const { call } = await accept(callstream, 'r1', '2026-11-23T09:05:00Z');
  const on = onCall(callstream, call!.number);
  await on('StartWork', '2026-11-23T09:10:00Z', {}, staff.eve);
  return { call: call!, on };
}

/** acme's call from claire, through a visit planned and moved, a solution and its closing. */
async function callThroughItsLife(company: Company) {
  const { call, on } = await claireCall(company);
  await on('ScheduleOnSiteVisit', '2026-11-23T09:20:00Z', {
    engineer: 'eve',
    plannedStart: '2026-11-24T09:00:00Z',
    plannedEnd: '2026-11-24T11:00:00Z',
  });
  await on('RescheduleOnSiteVisit', '2026-11-23T15:00:00Z', {
    transferId: 'T1',
    plannedStart: '2026-11-25T13:00:00Z',
    plannedEnd: '2026-11-25T15:30:00Z',
    reason: 'Engineer ill',
  });
  await on('StartOnSiteVisit', '2026-11-25T13:00:00Z', { transferId: 'T1' });
  await on('CompleteOnSiteVisit', '2026-11-25T15:00:00Z', {
    transferId: 'T1',
    report: 'Power supply replaced',
  });
  await on('ResolveCall', '2026-11-25T15:10:00Z', { solution: 'Replaced the power supply' });
  await on('CloseCall', '2026-11-26T09:00:00Z', {}, staff.ann);
  return call;
}

describe('customer notifications', () => {
  it('tells the customer each step of their call, in their language, threaded under the first message', async () => {
    const gateway = new Gateway();
    const company = await serviceCompany({ notifications: gateway });
    const { callstream } = company;
    try {
      const call = await callThroughItsLife(company);
      expect(await callstream.deliverNotifications()).toMatchObject({ handled: 5, failed: 0 });
      const sent = gateway.received;
      expect(sent.map((n) => n.kind)).toEqual([
        'call-logged',
        'visit-planned',
        'visit-moved',
        'solution-proposed',
        'call-closed',
      ]);
      // acme's first site is in Paris: French, dated in the organisation's zone.
      expect(sent.every((n) => n.language === 'fr' && n.to === 'claire@acme.example')).toBe(true);
      expect(sent.every((n) => n.number === call.number && n.callId === call.callId)).toBe(true);
      expect(sent[1]!.text).toContain('mardi 24 novembre 2026');
      expect(sent[2]!.subject).toBe(`${call.number} : l'intervention du technicien est déplacée`);
      expect(sent[2]!.text).toContain('mercredi 25 novembre 2026');
      expect(sent[3]!.text).toContain('Replaced the power supply');
      expect(sent[4]!.subject).toBe(`Votre demande ${call.number} est clôturée`);
      const first = sent[0]!.messageId;
      expect(sent.slice(1).every((n) => n.references.join() === first)).toBe(true);
      expect(new Set(sent.map((n) => n.messageId)).size).toBe(5);
      expect(sent.map((n) => n.template)).toEqual(
        sent.map((n) => ({ id: `${n.kind}/fr`, version: 1 })),
      );
    } finally {
      await callstream.close();
    }
  });

  it('tells the customer when an engineer’s visit is cancelled, and nothing when another transfer is', async () => {
    const gateway = new Gateway();
    const company = await serviceCompany({ notifications: gateway });
    const { callstream } = company;
    try {
      const { call, on } = await claireCall(company);
      await on('TransferToSecondLine', '2026-11-23T09:15:00Z', {
        supportCentre: 'lab',
        reason: 'Needs the lab',
      });
      await on('CancelTransfer', '2026-11-23T09:20:00Z', {
        transferId: 'T1',
        reason: 'Not needed',
      });
      await on('ScheduleOnSiteVisit', '2026-11-23T09:30:00Z', {
        engineer: 'eve',
        plannedStart: '2026-11-24T09:00:00Z',
        plannedEnd: '2026-11-24T11:00:00Z',
      });
      await on('CancelTransfer', '2026-11-23T16:00:00Z', {
        transferId: 'T2',
        reason: 'Fixed remotely',
      });
      expect(await callstream.deliverNotifications()).toMatchObject({ handled: 3, failed: 0 });
      const sent = gateway.received;
      expect(sent.map((n) => n.kind)).toEqual(['call-logged', 'visit-planned', 'visit-cancelled']);
      // In acme's French, the visit named by its day and time in the organisation's zone (UTC here).
      expect(sent[2]!.subject).toBe(`${call.number} : l'intervention du technicien est annulée`);
      expect(sent[2]!.text).toContain('le mardi 24 novembre 2026 à 09:00 pour votre demande');
      expect(sent[2]!.references).toEqual([sent[0]!.messageId]);
      expect(sent[2]!.template).toEqual({ id: 'visit-cancelled/fr', version: 1 });
    } finally {
      await callstream.close();
    }
  });

  it('tells the customer when their call is cancelled, quoting the reason their view of the log shows', async () => {
    const gateway = new Gateway();
    const company = await serviceCompany({ notifications: gateway });
    const { callstream } = company;
    try {
      const { call, on } = await claireCall(company);
      await on(
        'CancelCall',
        '2026-11-23T09:30:00Z',
        { reason: 'Demande en double : suivie sous une autre demande' },
        staff.sam,
      );
      expect(await callstream.deliverNotifications()).toMatchObject({ handled: 2, failed: 0 });
      const sent = gateway.received;
      expect(sent.map((n) => n.kind)).toEqual(['call-logged', 'call-cancelled']);
      expect(sent[1]!.subject).toBe(`Votre demande ${call.number} est annulée`);
      expect(sent[1]!.text).toContain(
        `votre demande ${call.number} a été annulée pour le motif suivant :\n\n    “Demande en double : suivie sous une autre demande”`,
      );
      expect(sent[1]!.references).toEqual([sent[0]!.messageId]);
      expect(sent[1]!.template).toEqual({ id: 'call-cancelled/fr', version: 1 });
      const log = await callstream.log(call.number, { audience: 'customer' });
      expect(log.map((entry) => entry.reason)).toContain(
        'Demande en double : suivie sous une autre demande',
      );
      // A reply to it is taken up as a request of its own: a cancelled call takes no follow-up.
      const reply = await submit(callstream, 'r-again', '2026-11-23T10:00:00Z', {
        sender: { email: 'claire@acme.example' },
        summary: 'Re: annulée ?',
        body: 'Le serveur ne démarre toujours pas.',
        inReplyTo: sent[1]!.messageId,
      });
      expect(reply.joined).toBeUndefined();
      const request = [];
      for await (const e of callstream.store.readStream('request-r-again')) request.push(e);
      expect(request.at(-1)).toMatchObject({
        type: 'CallReferenceNotFollowed',
        data: { number: call.number, via: 'notification-reply' },
      });
    } finally {
      await callstream.close();
    }
  });

  it('records each notification once and each delivery once, and retries a failed delivery', async () => {
    const gateway = new Gateway();
    const company = await serviceCompany({ notifications: gateway });
    const { callstream } = company;
    try {
      await callThroughItsLife(company);
      gateway.failNext = 1;
      expect(await callstream.deliverNotifications()).toMatchObject({ handled: 0, failed: 1 });
      expect(gateway.received).toEqual([]);
      expect(callstream.notificationCounts()).toEqual({ queued: 5, delivered: 0, withdrawn: 0 });
      expect(await callstream.deliverNotifications()).toMatchObject({ handled: 5, failed: 0 });
      expect(callstream.notificationCounts()).toEqual({ queued: 0, delivered: 5, withdrawn: 0 });
      // The outbox read again from the start (a lost checkpoint) and the delivery too: nothing is queued twice,
      // the messages go out again (at least once) and no delivery is recorded twice.
      callstream.readModels.reset('outbox-acknowledgements');
      callstream.readModels.reset('notification-delivery');
      expect(await callstream.deliverNotifications()).toMatchObject({ handled: 5, failed: 0 });
      const ids = gateway.received.map((n) => n.id);
      expect(ids.slice(5)).toEqual(ids.slice(0, 5));
      for (const id of ids.slice(0, 5))
        expect(await streamTypes(company, id)).toEqual([
          'NotificationQueued',
          'NotificationDelivered',
        ]);
    } finally {
      await callstream.close();
    }
  });

  it('queues without a sender, and keeps the messages pending until one delivers them', async () => {
    const company = await serviceCompany();
    const { callstream } = company;
    try {
      await callThroughItsLife(company);
      expect(await callstream.queueNotifications()).toMatchObject({ handled: 5, failed: 0 });
      expect(await callstream.queueNotifications()).toMatchObject({ handled: 0 });
      // Read again from the start (a lost checkpoint): the same notifications, answered as
      // resends, are not counted as queued again.
      callstream.readModels.reset('outbox-acknowledgements');
      expect(await callstream.queueNotifications()).toMatchObject({ handled: 0, failed: 0 });
      await expect(callstream.deliverNotifications()).rejects.toMatchObject({
        code: 'NoNotificationSender',
      });
    } finally {
      await callstream.close();
    }
  });

  it('writes in the language master data gives the customer', async () => {
    const gateway = new Gateway();
    const company = await serviceCompany({ notifications: gateway });
    const { callstream } = company;
    try {
      await company.run('SetCustomerLanguage', { customerId: 'acme', language: 'nl' });
      await callThroughItsLife(company);
      await callstream.deliverNotifications();
      expect(gateway.received.map((n) => n.language)).toEqual(['nl', 'nl', 'nl', 'nl', 'nl']);
      expect(gateway.received[0]!.text).toMatch(/^Beste Claire,\n\nwe hebben uw melding C-/);
      expect(gateway.received[1]!.text).toContain('dinsdag 24 november 2026');
    } finally {
      await callstream.close();
    }
  });

  it('tells a refused requester why in plain words, once per reason, without internal detail', async () => {
    const gateway = new Gateway();
    const company = await serviceCompany({ notifications: gateway });
    const { callstream } = company;
    try {
      await submit(callstream, 'r9', '2026-11-23T09:00:00Z', {
        sender: { email: 'someone@unknown.example', name: 'Sam Stranger' },
      });
      // Refused twice for the same reason (an agent tried again): told once.
      for (const at of ['2026-11-23T09:05:00Z', '2026-11-23T10:05:00Z'])
        expect(await accept(callstream, 'r9', at)).toMatchObject({
          refusal: { reason: 'unknown-customer' },
        });
      await callstream.deliverNotifications();
      expect(gateway.received).toHaveLength(1);
      const [refusal] = gateway.received;
      expect(refusal).toMatchObject({
        kind: 'request-refused',
        requestId: 'r9',
        language: 'en',
        to: 'someone@unknown.example',
        subject: 'Your request could not be registered',
      });
      expect(refusal!.text).toContain('Dear Sam Stranger,');
      expect(refusal!.text).toContain('could not match your message to one of our customers');
      expect(refusal!.text).not.toMatch(/unknown-customer|identif|master data/i);
      expect(refusal!.callId).toBeUndefined();
    } finally {
      await callstream.close();
    }
  });
});
