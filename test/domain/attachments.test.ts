import { describe, expect, it } from 'vitest';
import {
  customerAttachments,
  evolveCall,
  uriProblem,
  type CallEvent,
} from '../../src/domain/index.js';
import {
  closedCall,
  customer,
  engineer,
  events,
  given,
  inProcess,
  logCall,
  minutes,
  T0,
} from '../support/call-spec.js';
import { inheritedNames } from '../../src/domain/index.js';

const sha256 = 'a'.repeat(64);
const photo = {
  uri: 'file:///var/callstream/files/C-000042/jam.jpg',
  mediaType: 'image/jpeg',
  size: 182_113,
  sha256,
  fileName: 'jam.jpg',
  customerVisible: true,
};
const internalLog = {
  uri: 'https://files.example.com/logs/srv-1-boot.log',
  mediaType: 'text/plain',
  size: 4_096,
  sha256: 'b'.repeat(64),
  fileName: 'srv-1-boot.log',
  customerVisible: false,
};
const added = (attachmentId: string, attachment = photo, at = minutes(100)): CallEvent => ({
  type: 'AttachmentAdded',
  data: { at, by: 'ann', attachment: { attachmentId, ...attachment } },
});

describe('attachments with the facts they belong to (issue 20)', () => {
  it('a call logged with files records them as A1, A2 on CallLogged', () => {
    given()
      .when({ ...logCall, attachments: [photo, internalLog] })
      .then(
        events.logged({
          attachments: [
            { attachmentId: 'A1', ...photo },
            { attachmentId: 'A2', ...internalLog },
          ],
        }),
        events.prioritised(3),
      );
  });

  it('a follow-up, a diagnosis and a visit report carry theirs, numbered after those the call has', () => {
    given(...inProcess(), added('A1'))
      .when({ type: 'AddFollowUp', text: 'Another photo', attachments: [photo] })
      .then({
        type: 'FollowUpAdded',
        data: {
          at: minutes(100),
          followUpId: 'F1',
          by: 'ann',
          text: 'Another photo',
          attachments: [{ attachmentId: 'A2', ...photo }],
        },
      });
    given(...inProcess())
      .when({ type: 'RecordDiagnosis', attachments: [internalLog], actor: engineer })
      .then({
        type: 'DiagnosisRecorded',
        data: { at: minutes(100), attachments: [{ attachmentId: 'A1', ...internalLog }] },
      });
    given(...inProcess(), events.visitScheduled(), {
      type: 'OnSiteVisitStarted',
      data: { at: minutes(60), transferId: 'T1' },
    })
      .when({
        type: 'CompleteOnSiteVisit',
        transferId: 'T1',
        report: 'Replaced the fuser',
        attachments: [photo],
        actor: engineer,
      })
      .then({
        type: 'OnSiteVisitCompleted',
        data: {
          at: minutes(100),
          transferId: 'T1',
          report: 'Replaced the fuser',
          attachments: [{ attachmentId: 'A1', ...photo }],
        },
      });
  });

  it('a customer’s own file is always visible to them', () => {
    given(...inProcess())
      .when({ type: 'AddAttachment', attachment: internalLog, actor: customer })
      .then({
        type: 'AttachmentAdded',
        data: {
          at: minutes(100),
          by: 'contact-1',
          attachment: { attachmentId: 'A1', ...internalLog, customerVisible: true },
        },
      });
  });

  it('attaches a file to a closed call (a signed report arriving late), not to an archived one', () => {
    given(...closedCall())
      .when({ type: 'AddAttachment', attachment: photo })
      .then(added('A1'));
    given(...closedCall(), events.archived())
      .when({ type: 'AddAttachment', attachment: photo })
      .refuses('InvalidTransition');
  });
});

describe('attaching the same file twice', () => {
  it('refuses the same bytes at the same place while attached, and takes them again once withdrawn', () => {
    given(...inProcess(), added('A1', photo, minutes(90)))
      .when({ type: 'AddAttachment', attachment: photo })
      .refuses('AlreadyAttached', /A1/);
    const withdrawn: CallEvent = {
      type: 'AttachmentWithdrawn',
      data: { at: minutes(95), by: 'ann', attachmentId: 'A1', reason: 'Wrong file' },
    };
    given(...inProcess(), added('A1', photo, minutes(90)), withdrawn)
      .when({ type: 'AddAttachment', attachment: photo })
      .then(added('A2'));
  });
});

describe('visibility and withdrawal: the reference stays in the history', () => {
  it('makes an attachment internal, with who and why', () => {
    given(...inProcess(), added('A1'))
      .when({
        type: 'ChangeAttachmentVisibility',
        attachmentId: 'A1',
        customerVisible: false,
        reason: 'Shows another customer’s label',
      })
      .then({
        type: 'AttachmentVisibilityChanged',
        data: {
          at: minutes(100),
          by: 'ann',
          attachmentId: 'A1',
          customerVisible: false,
          reason: 'Shows another customer’s label',
        },
      });
  });

  it('refuses a change that changes nothing, an unknown attachment and a withdrawn one', () => {
    given(...inProcess(), added('A1'))
      .when({ type: 'ChangeAttachmentVisibility', attachmentId: 'A1', customerVisible: true })
      .refuses('NothingToChange');
    given(...inProcess(), added('A1'))
      .when({ type: 'WithdrawAttachment', attachmentId: 'A2', reason: 'Wrong file' })
      .refuses('UnknownAttachment');
    for (const attachmentId of inheritedNames)
      given(...inProcess(), added('A1'))
        .when({ type: 'WithdrawAttachment', attachmentId, reason: 'Wrong file' })
        .refuses('UnknownAttachment');
    const withdrawn: CallEvent = {
      type: 'AttachmentWithdrawn',
      data: { at: minutes(100), by: 'ann', attachmentId: 'A1', reason: 'Wrong file' },
    };
    given(...inProcess(), added('A1', photo, minutes(90)), withdrawn)
      .when({ type: 'WithdrawAttachment', attachmentId: 'A1', reason: 'Again', at: minutes(110) })
      .refuses('AttachmentWithdrawn', /Wrong file/);
    given(...inProcess(), added('A1', photo, minutes(90)), withdrawn)
      .when({
        type: 'ChangeAttachmentVisibility',
        attachmentId: 'A1',
        customerVisible: false,
        at: minutes(110),
      })
      .refuses('AttachmentWithdrawn');
  });

  it('withdraws an attachment even on an archived call; the state keeps it, marked withdrawn', () => {
    const history = [...closedCall(), events.archived(), added('A1', photo, minutes(75))];
    given(...history)
      .when({ type: 'WithdrawAttachment', attachmentId: 'A1', reason: 'Photo shows a person' })
      .then({
        type: 'AttachmentWithdrawn',
        data: { at: minutes(100), by: 'ann', attachmentId: 'A1', reason: 'Photo shows a person' },
      });
    const call = [
      ...history,
      {
        type: 'AttachmentWithdrawn',
        data: { at: minutes(100), by: 'ann', attachmentId: 'A1', reason: 'Photo shows a person' },
      } as CallEvent,
    ].reduce(evolveCall, null)!;
    expect(call.attachments?.A1).toMatchObject({ fileName: 'jam.jpg', withdrawn: { by: 'ann' } });
    expect(customerAttachments(call)).toEqual([]);
  });

  it('a call from before attachments folds with none', () => {
    const call = inProcess().reduce(evolveCall, null)!;
    expect(call.attachments).toBeUndefined();
    expect(customerAttachments(call)).toEqual([]);
    expect(T0).toBeInstanceOf(Date);
  });
});

describe('attachment URIs', () => {
  it.each([
    ['file:///srv/files/a.jpg', undefined],
    ['https://files.example.com/a%20b.pdf', undefined],
    ['s3://bucket/calls/C-000042/a.jpg', undefined],
    ['photo.jpg', /absolute URI/],
    ['https://example.com/a b.jpg', /spaces/],
    ['data:image/png;base64,iVBORw0KGgo=', /data: URI is refused/],
    ['JavaScript:alert(1)', /javascript: URI is refused/],
    ['http://[::1', /well-formed/],
  ])('%s', (uri, problem) => {
    const found = uriProblem(uri);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toMatch(problem);
  });
});
