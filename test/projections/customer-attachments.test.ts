import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Callstream } from '../../src/callstream.js';
import { ValidationError } from '../../src/commands/errors.js';
import { steppingClock } from '../support/clock.js';
import { command, logCallRequest, staff } from '../support/pipeline.js';

/** An attachment reference whose every value names it, so a leak is found by its name. */
const file = (name: string, customerVisible: boolean, scheme = 'file:///srv/files/') => ({
  uri: `${scheme}${name}`,
  mediaType: 'image/jpeg',
  size: 1000 + name.length,
  sha256: Buffer.from(name.padEnd(32, '_')).toString('hex').slice(0, 64),
  fileName: name,
  customerVisible,
});

const callstreamForTest = () =>
  new Callstream({ customerValidation: false, clock: steppingClock() });

describe('attachments in the call and its logs (issue 20)', () => {
  it('the call lists every attachment; the customer sees only the visible, not withdrawn ones, and an https: URI only', async () => {
    const callstream = callstreamForTest();
    const call = await callstream.execute(
      logCallRequest({
        attachments: [
          file('defect-photo.jpg', true, 'https://files.example.com/'),
          file('internal-label.jpg', false),
        ],
      }),
    );
    const n = call.number;
    await callstream.execute(
      command({ type: 'AssignCall', call: n, group: 'servers-l1', engineer: 'eve' }),
    );
    await callstream.execute(command({ type: 'StartWork', actor: staff.eve, call: n }));
    await callstream.execute(
      command({
        type: 'RecordDiagnosis',
        actor: staff.eve,
        call: n,
        symptom: 'No POST',
        attachments: [file('boot-log.txt', false), file('psu-photo.jpg', true)],
      }),
    );
    await callstream.execute(
      command({ type: 'AddAttachment', call: n, attachment: file('wrong-call.jpg', true) }),
    );
    await callstream.execute(
      command({ type: 'WithdrawAttachment', call: n, attachmentId: 'A5', reason: 'Wrong call' }),
    );
    await callstream.execute(
      command({
        type: 'ChangeAttachmentVisibility',
        call: n,
        attachmentId: 'A4',
        customerVisible: false,
        reason: 'Shows a serial label of another customer',
      }),
    );

    const state = await callstream.call(n);
    expect(Object.keys(state.attachments ?? {})).toEqual(['A1', 'A2', 'A3', 'A4', 'A5']);
    expect(state.attachments?.A3).toMatchObject({ source: 'diagnosis', fileName: 'boot-log.txt' });
    expect(state.attachments?.A5?.withdrawn?.reason).toBe('Wrong call');

    const internal = await callstream.log(n);
    const types = new Set(internal.map((entry) => entry.eventType));
    for (const type of ['AttachmentAdded', 'AttachmentWithdrawn', 'AttachmentVisibilityChanged'])
      expect(types, type).toContain(type);

    const view = await callstream.log(n, { audience: 'customer' });
    const shown = view.filter((entry) => entry.field.startsWith('attachments.'));
    expect(new Set(shown.map((entry) => entry.field.split('.')[1]))).toEqual(new Set(['A1']));
    expect(shown.find((entry) => entry.field === 'attachments.A1.uri')?.new).toBe(
      'https://files.example.com/defect-photo.jpg',
    );
    const text = JSON.stringify(view);
    for (const hidden of ['internal-label', 'boot-log', 'psu-photo', 'wrong-call', 'Wrong call'])
      expect(text).not.toContain(hidden);

    // As of an instant before the withdrawal and the change of visibility, the customer sees
    // today's view of the history up to then: the files withdrawn or hidden since never show.
    const addedA5 = internal.find((entry) => entry.field.startsWith('attachments.A5.'))!.at;
    const then = await callstream.log(n, { audience: 'customer', asOf: new Date(addedA5) });
    expect(then).toEqual(view.filter((entry) => entry.at <= addedA5));
    const textThen = JSON.stringify(then);
    for (const hidden of ['wrong-call', 'psu-photo']) expect(textThen).not.toContain(hidden);
  });

  it('a request’s files go with it to its call, visible to the sender who sent them', async () => {
    const callstream = callstreamForTest();
    await callstream.execute(
      command({
        type: 'SubmitRequest',
        actor: staff.mail,
        requestId: 'r-photo',
        channel: 'email',
        sender: { email: 'carl@acme.example', account: 'acme' },
        summary: 'Paper jam',
        body: 'See the photo',
        attachments: [file('jam.jpg', false)],
      }),
    );
    const accepted = await callstream.execute(
      command({ type: 'AcceptRequest', requestId: 'r-photo', customerId: 'acme' }),
    );
    expect(accepted).toMatchObject({ call: { number: 'C-000001' } });
    const call = await callstream.call('C-000001');
    expect(call.attachments?.A1).toMatchObject({ fileName: 'jam.jpg', customerVisible: true });
  });

  it.each([
    ['a relative URI', { uri: 'photo.jpg' }, 'attachments.0.uri'],
    [
      'a data: URI (the content itself)',
      { uri: 'data:image/png;base64,AAAA' },
      'attachments.0.uri',
    ],
    ['a media type without a subtype', { mediaType: 'image' }, 'attachments.0.mediaType'],
    ['a short digest', { sha256: 'abc' }, 'attachments.0.sha256'],
    ['a negative size', { size: -1 }, 'attachments.0.size'],
    ['a size over 10 GiB', { size: 11 * 1024 ** 3 }, 'attachments.0.size'],
    ['a file name with a directory', { fileName: '../etc/passwd' }, 'attachments.0.fileName'],
  ])('refuses %s at the boundary, writing nothing', async (_what, change, path) => {
    const callstream = callstreamForTest();
    const error = await callstream
      .execute(logCallRequest({ attachments: [{ ...file('a.jpg', true), ...change }] }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((issue) => issue.path)).toContain(path);
    expect(await callstream.store.headPosition()).toBeUndefined();
  });

  it('a customer attaches to their own calls only', async () => {
    const callstream = callstreamForTest();
    const call = await callstream.execute(
      logCallRequest({ subject: { kind: 'customer', customerId: 'globex' } }),
    );
    await expect(
      callstream.execute(
        command({
          type: 'AddAttachment',
          actor: staff.carl,
          call: call.number,
          attachment: file('mine.jpg', true),
        }),
      ),
    ).rejects.toMatchObject({ code: 'NotYourCall' });
  });
});

/** What staff may do to a call's attachments, in any order. */
const step = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), visible: fc.boolean() }),
  fc.record({ kind: fc.constant('follow-up' as const), visible: fc.boolean() }),
  fc.record({ kind: fc.constant('show' as const), which: fc.nat(), visible: fc.boolean() }),
  fc.record({ kind: fc.constant('withdraw' as const), which: fc.nat() }),
);

describe('the customer view never shows an internal or withdrawn attachment (property)', () => {
  it('whatever staff attach, show, hide and withdraw', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), async (steps) => {
        const callstream = callstreamForTest();
        const n = (await callstream.execute(logCallRequest())).number;
        let count = 0;
        for (const s of steps) {
          const attempt =
            s.kind === 'add'
              ? command({
                  type: 'AddAttachment',
                  call: n,
                  attachment: file(`file-${++count}.jpg`, s.visible, 'https://files.example.com/'),
                })
              : s.kind === 'follow-up'
                ? command({
                    type: 'AddFollowUp',
                    call: n,
                    text: 'More',
                    attachments: [file(`file-${++count}.jpg`, s.visible)],
                  })
                : s.kind === 'show'
                  ? command({
                      type: 'ChangeAttachmentVisibility',
                      call: n,
                      attachmentId: `A${(s.which % Math.max(count, 1)) + 1}`,
                      customerVisible: s.visible,
                    })
                  : command({
                      type: 'WithdrawAttachment',
                      call: n,
                      attachmentId: `A${(s.which % Math.max(count, 1)) + 1}`,
                      reason: 'Withdrawn',
                    });
          // Refusals (nothing to change, unknown or withdrawn attachment) are part of the game.
          await callstream.execute(attempt).catch(() => undefined);
        }
        const attachments = (await callstream.call(n)).attachments ?? {};
        const text = JSON.stringify(await callstream.log(n, { audience: 'customer' }));
        for (const [id, attachment] of Object.entries(attachments)) {
          const mayShow = attachment.customerVisible && !attachment.withdrawn;
          expect(text.includes(`"${attachment.fileName}"`), id).toBe(mayShow);
        }
      }),
      { numRuns: 40 },
    );
  });
});
