/**
 * Whose personal data each personal field of an event is: the data subject, named by an id
 * built from system ids only (never from a personal value, since it is stored in clear as
 * the sealed value's key id). A person can be several subjects (a contact who also reports
 * calls); each is forgotten on its own, see docs/privacy.md.
 *
 * - `requester:<callId>`  who reported a call: the reporter's name, e-mail and phone, the
 *                         description they gave, the address the acknowledgement went to,
 *                         the notifications of the call (address, name, text); of a
 *                         notification to a contact standing in for them, the text only.
 * - `sender:<requestId>`  who sent a request to an inbox: name, e-mail, phone, the summary
 *                         and body they wrote, also where it joined a call as a follow-up.
 * - `contact:<customerId>/<contactId>`  a customer's contact person: what master data holds
 *                         of them, and where a call's messages went to them standing in for a
 *                         reporter who could not be reached (a call from a plan, a meter, an
 *                         alarm, or a reporter given by name only): the address and name of
 *                         such a notification, the address of such an acknowledgement (each
 *                         event names the contact: `contactId`, beside `customerId`). Events
 *                         written before they did keep those values the requester's: a stored
 *                         sealed value never changes subject.
 * - `customer:<customerId>`  the e-mail addresses and phone numbers a customer is
 *                         recognised by (a person's, for a sole trader or a named mailbox).
 * - `user:<actorId>`      a person who works with callstream: the name in the metadata of
 *                         what they recorded, and the free text they wrote (follow-ups,
 *                         internal notes, visit and repair reports).
 *
 * An attachment's URI and file name (issue 20) often name a person (`invoice-j-smith.pdf`):
 * they are the subject's who gave the file with the fact, like the text beside them.
 */
export type SubjectKind = 'requester' | 'sender' | 'contact' | 'customer' | 'user';
export const subjectKinds: readonly SubjectKind[] = [
  'requester',
  'sender',
  'contact',
  'customer',
  'user',
];

/** Where a personal value is in an event's data, and whose it is. */
export interface PersonalField {
  /** Keys from the data's root; `*` is every element of an array (a list of attachments). */
  readonly path: readonly string[];
  readonly subject: SubjectKind;
  /** Only when this holds (an identifier is personal unless it is an account id). */
  readonly when?: (data: Record<string, unknown>) => boolean;
}

const reporter = (subject: SubjectKind, at: string): PersonalField[] =>
  ['name', 'email', 'phone'].map((field) => ({ path: [at, field], subject }));
/** The personal parts of a list of attachments (docs/attachments.md). */
const attachments = (subject: SubjectKind, at = 'attachments', each = true): PersonalField[] =>
  ['uri', 'fileName'].map((field) => ({ path: each ? [at, '*', field] : [at, field], subject }));
const byStaff = (data: Record<string, unknown>): boolean => data.requestId === undefined;
const bySender = (data: Record<string, unknown>): boolean => data.requestId !== undefined;
/** Sent to a customer's contact standing in for the reporter (NotificationQueued, CallAcknowledged). */
const toContact = (data: Record<string, unknown>): boolean => data.contactId !== undefined;
const notAnAccount = (data: Record<string, unknown>): boolean =>
  (data.identifier as { kind?: unknown } | undefined)?.kind !== 'account';

/** Every event type with personal data in its data (the schema marks the same fields `x-personal-data`; a test holds them together). */
export const personalFields: ReadonlyMap<string, readonly PersonalField[]> = new Map<
  string,
  PersonalField[]
>([
  [
    'CallLogged',
    [
      ...reporter('requester', 'reporter'),
      { path: ['description'], subject: 'requester' },
      ...attachments('requester'),
    ],
  ],
  [
    'CallDetailsCorrected',
    [...reporter('requester', 'reporter'), { path: ['description'], subject: 'requester' }],
  ],
  [
    'CallAcknowledged',
    [
      { path: ['to'], subject: 'requester', when: (data) => !toContact(data) },
      { path: ['to'], subject: 'contact', when: toContact },
    ],
  ],
  [
    'FollowUpAdded',
    // A message that joined the call is its sender's text (A2); otherwise the staff member's.
    [
      { path: ['text'], subject: 'user', when: byStaff },
      { path: ['text'], subject: 'sender', when: bySender },
      ...attachments('user').map((field) => ({ ...field, when: byStaff })),
      ...attachments('sender').map((field) => ({ ...field, when: bySender })),
    ],
  ],
  [
    'NotificationQueued',
    // A call's notification goes to its requester, a refused request's to its sender: the
    // address, name and text are theirs. One to a contact standing in for the requester has
    // the contact's address and name, and the requester's text (it does not name the contact).
    [
      ...['to', 'toName'].flatMap((field): PersonalField[] => [
        { path: [field], subject: 'contact', when: toContact },
        {
          path: [field],
          subject: 'requester',
          when: (data) => !toContact(data) && data.callId !== undefined,
        },
        {
          path: [field],
          subject: 'sender',
          when: (data) => !toContact(data) && data.callId === undefined,
        },
      ]),
      { path: ['text'], subject: 'requester', when: (data) => data.callId !== undefined },
      { path: ['text'], subject: 'sender', when: (data) => data.callId === undefined },
    ],
  ],
  ['InternalNoteAdded', [{ path: ['text'], subject: 'user' }]],
  ['DiagnosisRecorded', attachments('user')],
  ['OnSiteVisitCompleted', [{ path: ['report'], subject: 'user' }, ...attachments('user')]],
  ['AttachmentAdded', attachments('user', 'attachment', false)],
  ['RmaItemRepaired', [{ path: ['report'], subject: 'user' }]],
  ['SubcontractCompleted', [{ path: ['report'], subject: 'user' }]],
  [
    'RequestReceived',
    [
      ...reporter('sender', 'sender'),
      { path: ['summary'], subject: 'sender' },
      { path: ['body'], subject: 'sender' },
      ...attachments('sender'),
    ],
  ],
  ...['ContactAdded', 'ContactChanged'].map((type): [string, PersonalField[]] => [
    type,
    ['name', 'email', 'phone'].map((field) => ({ path: [field], subject: 'contact' as const })),
  ]),
  ['IdentifierAdded', [{ path: ['identifier', 'value'], subject: 'customer', when: notAnAccount }]],
  [
    'IdentifierRemoved',
    [{ path: ['identifier', 'value'], subject: 'customer', when: notAnAccount }],
  ],
]);

/** The metadata's personal field: the recording person's name. */
export const personalMetadata: PersonalField = { path: ['actor', 'name'], subject: 'user' };

/** What a subject id is built from. */
export interface SubjectContext {
  readonly streamName: string;
  readonly data: Record<string, unknown>;
  readonly metadata: Record<string, unknown>;
}

const afterPrefix = (streamName: string, prefix: string): string =>
  streamName.startsWith(prefix) ? streamName.slice(prefix.length) : streamName;

/** The subject id of a personal field of an event. */
export function subjectOf(kind: SubjectKind, context: SubjectContext): string {
  switch (kind) {
    case 'requester':
      // A notification of a call names it (NotificationQueued.callId).
      return `requester:${context.streamName.startsWith('notification-') ? String(context.data.callId) : afterPrefix(context.streamName, 'call-')}`;
    case 'sender':
      // On a call, a joined message names its request (FollowUpAdded.requestId).
      return `sender:${typeof context.data.requestId === 'string' ? context.data.requestId : afterPrefix(context.streamName, 'request-')}`;
    case 'contact':
      // On the customer's stream, the customer is the stream's; elsewhere (a notification, a
      // call's acknowledgement to a contact) the data names it (`customerId`).
      return `contact:${context.streamName.startsWith('customer-') ? afterPrefix(context.streamName, 'customer-') : String(context.data.customerId)}/${String(context.data.contactId)}`;
    case 'customer':
      return `customer:${afterPrefix(context.streamName, 'customer-')}`;
    case 'user':
      return `user:${String((context.metadata.actor as { id?: unknown } | undefined)?.id)}`;
  }
}

/** The kind of a subject id, or undefined when it names none. */
export function kindOf(subject: string): SubjectKind | undefined {
  const kind = subject.slice(0, subject.indexOf(':'));
  return (subjectKinds as readonly string[]).includes(kind) && subject.length > kind.length + 1
    ? (kind as SubjectKind)
    : undefined;
}
