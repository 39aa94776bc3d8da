import { z } from 'zod';
import { personal } from './schema.js';

/**
 * A file attached to a request or a call, by reference only: where it is (a URI), what it
 * is (media type, size, SHA-256 of its bytes) and whether the customer may see it. The
 * bytes themselves never enter the event store (they would be kept forever and could not
 * be forgotten); whoever stores them keeps them where the URI points. docs/attachments.md.
 */

/** 10 GiB: a video of a defect fits, a mistyped size (a byte count off by 10^6) does not. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 ** 3;
/** At most this many files at once (one request, follow-up, diagnosis or visit report). */
export const MAX_ATTACHMENTS = 20;

/**
 * Schemes whose URI would carry the content itself (`data:`) or run code where it is shown
 * (`javascript:`, `vbscript:`), or that only mean something inside one browser (`blob:`).
 */
const refusedSchemes: ReadonlySet<string> = new Set(['data', 'javascript', 'vbscript', 'blob']);

/** Whether text holds a control character (C0 or DEL): never part of a URI or a file name. */
const hasControl = (value: string): boolean => {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
};

/** Why a URI is no attachment reference, or undefined when it is one. */
export function uriProblem(value: string): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:/.test(value))
    return 'An absolute URI with a scheme (file:, https:, s3:, …)';
  // Spaces and control characters are never part of a URI: they are percent-encoded.
  if (/\s/.test(value) || hasControl(value)) return 'A URI without spaces or control characters';
  const scheme = value.slice(0, value.indexOf(':')).toLowerCase();
  if (refusedSchemes.has(scheme))
    return `A reference to where the file is stored; a ${scheme}: URI is refused`;
  if (!URL.canParse(value)) return 'A well-formed URI (RFC 3986)';
  return undefined;
}

const uriText = z.string().min(1).max(2048);
/** A URI as a command gives it: checked. */
export const attachmentUri = personal(
  uriText.superRefine((value, ctx) => {
    const problem = uriProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
);
/** A stored URI: checked when it was decided; it may also read as `[erased]` (its person forgotten). */
const storedUri = personal(uriText);

/** RFC 6838: type "/" subtype, each a restricted name (parameters such as charset are not kept). */
export const mediaType = z
  .string()
  .max(255)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$/,
    'A media type such as image/jpeg or application/pdf (RFC 6838)',
  );

/** A file name as people give it, without a directory: it often names a person, so it is theirs. */
const fileNameText = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .regex(/^[^/\\]+$/, 'A file name without a directory')
  .refine((name) => !hasControl(name), 'A file name without control characters');
export const fileName = personal(fileNameText);

export const sha256 = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'A SHA-256 digest: 64 lower-case hexadecimal digits');

export const attachmentSize = z.number().int().nonnegative().max(MAX_ATTACHMENT_BYTES);

/** An attachment as a command gives it. Internal unless said otherwise: showing is a decision. */
export const attachmentInput = z.strictObject({
  uri: attachmentUri,
  mediaType,
  size: attachmentSize,
  sha256: z
    .string()
    .regex(/^[0-9A-Fa-f]{64}$/, 'A SHA-256 digest: 64 hexadecimal digits')
    .transform((digest) => digest.toLowerCase()),
  fileName,
  customerVisible: z.boolean().default(false),
});
export type AttachmentInput = z.output<typeof attachmentInput>;

export const attachmentInputs = z.array(attachmentInput).min(1).max(MAX_ATTACHMENTS);

export const attachmentIdPattern = /^A\d+$/;
export const attachmentId = z.string().regex(attachmentIdPattern, 'An attachment id such as A1');

/** An attachment as an event records it, with the id it is known by on its call or request. */
export const attachmentSchema = z.object({
  attachmentId,
  uri: storedUri,
  mediaType,
  size: attachmentSize,
  sha256,
  fileName,
  customerVisible: z.boolean(),
});
export type Attachment = z.output<typeof attachmentSchema>;

/** The attachments of an event, as an optional field (events written before had none). */
export const attachmentList = z.array(attachmentSchema).min(1).max(MAX_ATTACHMENTS).optional();

/** The references again as a command gives them: a request's files going on to its call. */
export function asInputs(
  attachments: readonly Attachment[] | undefined,
): AttachmentInput[] | undefined {
  return attachments?.map(({ attachmentId: _requestsOwnId, ...reference }) => reference);
}

/**
 * Gives each new attachment the next free id after the `taken` count (A1, A2, …), in the
 * order given; a customer's own file is always visible to them.
 */
export function numberAttachments(
  given: readonly AttachmentInput[] | undefined,
  taken: number,
  byCustomer: boolean,
): Attachment[] | undefined {
  if (!given || given.length === 0) return undefined;
  return given.map((attachment, i) => ({
    attachmentId: `A${taken + i + 1}`,
    uri: attachment.uri,
    mediaType: attachment.mediaType,
    size: attachment.size,
    sha256: attachment.sha256,
    fileName: attachment.fileName,
    customerVisible: byCustomer || attachment.customerVisible,
  }));
}
