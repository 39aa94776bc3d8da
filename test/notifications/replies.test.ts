/**
 * Replies to notifications (A2): an e-mail whose In-Reply-To or References names a
 * notification of a call joins that call as follow-up, when its sender belongs to the
 * call's customer; a sender of another customer never reaches it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Notification, NotificationSender } from '../../src/commands/outbox.js';
import { accept, serviceCompany, submit } from '../support/company.js';

class Gateway implements NotificationSender {
  readonly received: Notification[] = [];
  async send(notification: Notification): Promise<void> {
    this.received.push(notification);
  }
}

const SENDERS = {
  acme: 'claire@acme.example',
  globex: 'it@globex.example',
  initech: 'bill@initech.example',
  stranger: 'nobody@elsewhere.example',
} as const;

/** acme's and globex's calls, each acknowledged by a notification whose Message-ID a reply can name. */
async function twoCustomersNotified() {
  const gateway = new Gateway();
  // Deliveries are dated by the clock: the morning the calls were logged.
  const company = await serviceCompany({
    notifications: gateway,
    clock: () => new Date('2026-11-25T10:00:00Z'),
  });
  const { callstream } = company;
  const calls: Record<'acme' | 'globex', { number: string; messageId: string }> =
    Object.create(null);
  for (const customer of ['acme', 'globex'] as const) {
    await submit(callstream, `r-${customer}`, '2026-11-25T09:00:00Z', {
      sender: { email: SENDERS[customer] },
    });
    const { call } = await accept(callstream, `r-${customer}`, '2026-11-25T09:05:00Z', {
      chargeable: true,
    });
    calls[customer] = { number: call!.number, messageId: '' };
  }
  await callstream.deliverNotifications();
  for (const n of gateway.received)
    for (const customer of ['acme', 'globex'] as const)
      if (n.number === calls[customer].number) calls[customer].messageId = n.messageId;
  return { ...company, calls };
}

const followUps = async (
  callstream: Awaited<ReturnType<typeof serviceCompany>>['callstream'],
  number: string,
) => Object.values((await callstream.call(number)).followUps).map((f) => f.text);

describe('a reply to a notification', () => {
  it('joins the call it notified of, even without its number in the text, recording why', async () => {
    const { callstream, calls } = await twoCustomersNotified();
    try {
      const reply = await submit(callstream, 'r-reply', '2026-11-25T11:00:00Z', {
        sender: { email: 'Claire@ACME.example' },
        summary: 'Re: your message',
        body: 'Still broken after the reboot.',
        inReplyTo: calls.acme.messageId,
      });
      expect(reply.joined).toBe(true);
      expect(await followUps(callstream, calls.acme.number)).toEqual([
        'Re: your message\n\nStill broken after the reboot.',
      ]);
      const events = [];
      for await (const e of callstream.store.readStream('request-r-reply')) events.push(e);
      expect(events.map((e) => [e.type, (e.data as { reason?: string }).reason])).toEqual([
        ['RequestReceived', undefined],
        ['RequestJoinedCall', 'notification-reply'],
      ]);
    } finally {
      await callstream.close();
    }
  });

  it('follows References when In-Reply-To names a message callstream never sent', async () => {
    const { callstream, calls } = await twoCustomersNotified();
    try {
      const reply = await submit(callstream, 'r-ref', '2026-11-25T11:00:00Z', {
        sender: { email: SENDERS.globex },
        summary: 'Re: Re: update',
        body: 'Forwarding what our admin said.',
        inReplyTo: '<CAF=abc123@mail.example>',
        references: `${calls.globex.messageId} <CAF=abc123@mail.example>`,
      });
      expect(reply.joined).toBe(true);
      expect(await followUps(callstream, calls.globex.number)).toHaveLength(1);
    } finally {
      await callstream.close();
    }
  });

  it('from a sender of another customer never reaches the call: it stays a request of its own, with the reason', async () => {
    const { callstream, calls } = await twoCustomersNotified();
    try {
      const reply = await submit(callstream, 'r-other', '2026-11-25T11:00:00Z', {
        sender: { email: SENDERS.globex },
        summary: 'Re: your message',
        body: 'Please add this to the call.',
        inReplyTo: calls.acme.messageId,
      });
      expect(reply.joined).toBeUndefined();
      expect(await followUps(callstream, calls.acme.number)).toEqual([]);
      const events = [];
      for await (const e of callstream.store.readStream('request-r-other')) events.push(e);
      expect(events.at(-1)).toMatchObject({
        type: 'CallReferenceNotFollowed',
        data: { number: calls.acme.number, reason: 'other-customer', via: 'notification-reply' },
      });
    } finally {
      await callstream.close();
    }
  });

  it('property: whoever replies to whichever notification, naming whichever call, a call gets follow-ups from its own customer only', async () => {
    const { callstream, calls } = await twoCustomersNotified();
    try {
      let n = 0;
      const joined: Record<'acme' | 'globex', number> = { acme: 0, globex: 0 };
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...(Object.keys(SENDERS) as Array<keyof typeof SENDERS>)),
          fc.constantFrom('acme' as const, 'globex' as const),
          fc.constantFrom('inReplyTo', 'references'),
          fc.option(fc.constantFrom('acme' as const, 'globex' as const), { nil: undefined }),
          async (sender, repliedTo, header, numberOf) => {
            const requestId = `r-prop-${n++}`;
            const reply = await submit(callstream, requestId, '2026-11-25T12:00:00Z', {
              sender: { email: SENDERS[sender] },
              summary: numberOf ? `Re: ${calls[numberOf].number}` : 'Re: hello',
              body: 'More information.',
              [header]: calls[repliedTo].messageId,
            });
            if (reply.joined) {
              // Only ever the call replied to, and only when the sender is its customer.
              expect(sender).toBe(repliedTo);
              expect(reply.call!.number).toBe(calls[repliedTo].number);
              joined[repliedTo]++;
            } else expect(sender === repliedTo).toBe(false);
          },
        ),
        { numRuns: 40 },
      );
      // Each call holds exactly the replies its own customer sent.
      expect(await followUps(callstream, calls.acme.number)).toHaveLength(joined.acme);
      expect(await followUps(callstream, calls.globex.number)).toHaveLength(joined.globex);
    } finally {
      await callstream.close();
    }
  });
});
