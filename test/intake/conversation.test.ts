/**
 * Conversations (A2): a message that names a call joins it as follow-up information when
 * the call is open and the sender is the call's reporter or customer; otherwise it is a request of its
 * own, and the request records why it did not join.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { callNumbersIn, formatCallNumber } from '../../src/domain/index.js';
import { accept, onCall, serviceCompany, submit } from '../support/company.js';
import { ERASED } from '../../src/privacy/sealed.js';
import { staff } from '../support/pipeline.js';

const AT = '2026-11-10T09:00:00Z';

/** acme's call C-000001, logged from a request by claire@acme.example. */
async function withAcmeCall() {
  const company = await serviceCompany();
  const { callstream } = company;
  await submit(callstream, 'r-1', AT, { sender: { email: 'claire@acme.example' } });
  const first = await accept(callstream, 'r-1', AT, { chargeable: true });
  const number = first.call!.number;
  return { ...company, callstream, number, callId: first.call!.callId };
}

/** The request's own events, by type, as recorded. */
async function requestEvents(
  callstream: Awaited<ReturnType<typeof withAcmeCall>>['callstream'],
  requestId: string,
) {
  const types: Array<{ type: string; data: Record<string, unknown> }> = [];
  for await (const event of callstream.store.readStream(`request-${requestId}`))
    types.push({ type: event.type, data: event.data as Record<string, unknown> });
  return types;
}

describe('a message that names a call', () => {
  it('from the call’s customer joins the open call as follow-up information, not a new request', async () => {
    const { callstream, number, callId } = await withAcmeCall();
    try {
      const reply = await submit(callstream, 'r-2', '2026-11-10T10:00:00Z', {
        sender: { email: 'claire@acme.example' },
        summary: `Re: [${number}] Server down`,
        body: 'It failed again at 09:40, same error on the console.',
      });
      expect(reply.joined).toBe(true);
      expect(reply.call).toMatchObject({ callId, number, duplicate: false });
      const call = await callstream.call(number);
      expect(Object.values(call.followUps).map((f) => f.text)).toEqual([
        `Re: [${number}] Server down\n\nIt failed again at 09:40, same error on the console.`,
      ]);
      expect(callstream.board()).toHaveLength(1);
      expect(callstream.inbox({ status: 'joined' })).toMatchObject([
        { requestId: 'r-2', callNumber: number },
      ]);
      expect((await requestEvents(callstream, 'r-2')).map((e) => e.type)).toEqual([
        'RequestReceived',
        'RequestJoinedCall',
      ]);
      // The customer sees their own words on the call.
      const seen = await callstream.log(number, { audience: 'customer' });
      expect(JSON.stringify(seen)).toContain('It failed again at 09:40');
      // Accepting it as a call of its own is refused: it already went to its call.
      await expect(accept(callstream, 'r-2', '2026-11-10T10:05:00Z')).rejects.toMatchObject({
        code: 'RequestNotWaiting',
      });
    } finally {
      await callstream.close();
    }
  });

  it('keeps the message as its sender’s data: forgetting the sender erases it on the call too', async () => {
    const { callstream, number } = await withAcmeCall();
    try {
      await submit(callstream, 'r-2', '2026-11-10T10:00:00Z', {
        sender: { email: 'claire@acme.example' },
        summary: `Re: ${number}`,
        body: 'My direct line is +33 6 12 34 56 78.',
      });
      await callstream.forgetPerson({
        commandId: '0b6f3c52-2f8e-4c7e-9a1d-3f5e2a7c9b10',
        actor: { id: 'dpo', role: 'privacy-officer' },
        person: 'sender:r-2',
        reason: 'DSR-2026-007',
        at: '2026-11-11T09:00:00Z',
      });
      const call = await callstream.call(number);
      expect(Object.values(call.followUps).map((f) => f.text)).toEqual([ERASED]);
      expect(call.description).not.toBe(ERASED); // the requester of the call is another subject
    } finally {
      await callstream.close();
    }
  });

  it('sent again is recognised: one follow-up, the same answer', async () => {
    const { callstream, number } = await withAcmeCall();
    try {
      const command = {
        type: 'SubmitRequest',
        commandId: '5f0c7d39-8f5e-4a43-b7a4-6a3c9de0b3f1',
        actor: staff.mail,
        at: '2026-11-10T10:00:00Z',
        requestId: 'r-2',
        channel: 'email',
        sender: { email: 'claire@acme.example' },
        summary: `Update on ${number}`,
        body: 'Still down.',
      } as const;
      const first = await callstream.execute(command);
      const again = await callstream.execute(command);
      expect(again).toMatchObject({ duplicate: true, joined: true });
      expect(again.call).toMatchObject({ number, duplicate: true });
      expect(first.call).toMatchObject({ number, duplicate: false });
      expect(Object.keys((await callstream.call(number)).followUps)).toHaveLength(1);
    } finally {
      await callstream.close();
    }
  });

  it.each([
    ['another customer’s sender', { email: 'it@globex.example' }, 'C-000001', 'other-customer'],
    ['an unknown sender', { email: 'someone@example.org' }, 'C-000001', 'sender-unknown'],
    ['a number no call has', { email: 'claire@acme.example' }, 'C-000999', 'no-such-call'],
  ])(
    'from %s never reaches the call: a request of its own, and why',
    async (_, sender, named, reason) => {
      const { callstream, number } = await withAcmeCall();
      try {
        const request = await submit(callstream, 'r-2', '2026-11-10T10:00:00Z', {
          sender,
          summary: `About ${named}`,
          body: 'Please look at this.',
        });
        expect(request.joined).toBeUndefined();
        expect(Object.keys((await callstream.call(number)).followUps)).toHaveLength(0);
        expect((await requestEvents(callstream, 'r-2')).slice(0, 2)).toMatchObject([
          { type: 'RequestReceived' },
          { type: 'CallReferenceNotFollowed', data: { number: named, reason } },
        ]);
      } finally {
        await callstream.close();
      }
    },
  );

  it('from the call’s reporter joins it though no customer is recognised: a question about a product (A9), the same address however written', async () => {
    const { callstream } = await serviceCompany();
    try {
      // Given a generalist call about a product, reported by a viewer no master data knows
      await submit(callstream, 'tv', AT, {
        sender: { email: 'viewer@somewhere.example', phone: '+32 470 12 34 56' },
        product: { productId: 'tv-55', category: 'pre-sales' },
      });
      const { call } = await accept(callstream, 'tv', AT);
      const number = call!.number;
      // When the viewer writes again naming it, from the same address in capitals
      const reply = await submit(callstream, 'tv-2', '2026-11-10T10:00:00Z', {
        sender: { email: 'Viewer@Somewhere.example' },
        summary: `Re: [${number}] Question about the TV`,
        body: 'Does it also have HDMI 2.1?',
      });
      // Then it joins the call
      expect(reply.joined).toBe(true);
      expect(Object.values((await callstream.call(number)).followUps).map((f) => f.text)).toEqual([
        `Re: [${number}] Question about the TV\n\nDoes it also have HDMI 2.1?`,
      ]);
      // And so does a text from the phone number they gave; a stranger naming it does not
      expect(
        (
          await submit(callstream, 'tv-3', '2026-11-10T11:00:00Z', {
            channel: 'whatsapp',
            sender: { phone: '+32 (470) 12-34-56' },
            summary: number,
            body: 'And is the stand included?',
          })
        ).joined,
      ).toBe(true);
      await submit(callstream, 'tv-4', '2026-11-10T12:00:00Z', {
        sender: { email: 'someone@else.example' },
        summary: `About ${number}`,
        body: 'Me too.',
      });
      expect((await requestEvents(callstream, 'tv-4'))[1]).toMatchObject({
        type: 'CallReferenceNotFollowed',
        data: { reason: 'sender-unknown' },
      });
    } finally {
      await callstream.close();
    }
  });

  it('to a closed call is a request of its own (call-finished)', async () => {
    const { callstream, number, callId } = await withAcmeCall();
    try {
      const act = onCall(callstream, callId);
      await act('AssignCall', '2026-11-10T09:10:00Z', { engineer: 'eve', group: 'l1' }, staff.sam);
      await act('ResolveCall', '2026-11-10T09:30:00Z', { solution: 'Replaced the disk' });
      await act('CloseCall', '2026-11-10T09:40:00Z', {}, staff.sam);
      expect((await callstream.call(number)).status).toBe('Closed');
      await submit(callstream, 'r-2', '2026-11-10T10:00:00Z', {
        sender: { email: 'claire@acme.example' },
        summary: `${number} is broken again`,
        body: 'Same problem.',
      });
      expect((await requestEvents(callstream, 'r-2'))[1]).toMatchObject({
        type: 'CallReferenceNotFollowed',
        data: { reason: 'call-finished' },
      });
    } finally {
      await callstream.close();
    }
  });

  it('is only the intake’s to add as a request’s message: staff cannot claim one', async () => {
    const { callstream, callId } = await withAcmeCall();
    try {
      await expect(
        onCall(callstream, callId)('AddFollowUp', '2026-11-10T10:00:00Z', {
          text: 'Written by me',
          requestId: 'r-1',
        }),
      ).rejects.toMatchObject({ code: 'SystemOnly' });
    } finally {
      await callstream.close();
    }
  });
});

describe('call numbers in a text', () => {
  it('are found in the forms people write them, each once', () => {
    expect(callNumbersIn('Re: [C-000042] and C42, c-42 again; also #C 7 and C0000100.')).toEqual([
      'C-000042',
      'C-000007',
      'C-000100',
    ]);
  });

  it('are not found inside other words or codes', () => {
    expect(callNumbersIn('ABC-12, C-12a, PC-ACMR2, C-0, EC-2026, SRV-1')).toEqual([]);
  });

  it('are found whatever text surrounds them (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 999_999_999n }),
        fc.string({ unit: fc.constantFrom(' ', 'a', '.', ',', '\n', ':', '(', 'é') }),
        fc.string({ unit: fc.constantFrom(' ', 'b', '.', '!', '\n', ')', '?') }),
        (sequence, before, after) => {
          const number = formatCallNumber(sequence);
          const text = `${before}${before.length > 0 ? ' ' : ''}${number}${after.length > 0 ? ' ' : ''}${after}`;
          expect(callNumbersIn(text)).toEqual([number]);
        },
      ),
    );
  });
});
