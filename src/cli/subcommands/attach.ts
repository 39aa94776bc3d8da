import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DomainError } from '../../domain/index.js';
import type { CliCommand } from '../shared/command.js';
import {
  actorOption,
  instantOption,
  openExisting,
  stringOption,
  finiteNumberOption,
} from '../shared/context.js';
import { checkCommandLine } from '../shared/command-line-command.js';
import { UsageError } from '../shared/errors.js';

/** Media types by file extension, for the files a service desk is sent; others are bytes. */
const mediaTypes: ReadonlyMap<string, string> = new Map([
  ['.jpg', 'image/jpeg'],
  ['.jpeg', 'image/jpeg'],
  ['.png', 'image/png'],
  ['.gif', 'image/gif'],
  ['.webp', 'image/webp'],
  ['.heic', 'image/heic'],
  ['.tif', 'image/tiff'],
  ['.tiff', 'image/tiff'],
  ['.pdf', 'application/pdf'],
  ['.txt', 'text/plain'],
  ['.log', 'text/plain'],
  ['.csv', 'text/csv'],
  ['.json', 'application/json'],
  ['.xml', 'application/xml'],
  ['.html', 'text/html'],
  ['.eml', 'message/rfc822'],
  ['.zip', 'application/zip'],
  ['.mp4', 'video/mp4'],
  ['.mov', 'video/quicktime'],
  ['.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  ['.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
]);

const mediaTypeOf = (name: string): string =>
  mediaTypes.get(extname(name).toLowerCase()) ?? 'application/octet-stream';

/** Size and SHA-256 of a file, read as a stream: a video of a defect need not fit in memory. */
async function digestOf(path: string): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { size, sha256: hash.digest('hex') };
}

/** The last segment of a URI's path, decoded: what a file is called where it is stored. */
function lastSegment(uri: string): string | undefined {
  try {
    const segment = new URL(uri).pathname.split('/').pop();
    return segment ? decodeURIComponent(segment) : undefined;
  } catch {
    return undefined;
  }
}

/** The option (or argument) each field of AddAttachment comes from. */
const fieldOptions = {
  commandId: '--command-id',
  actor: '--actor',
  at: '--at',
  call: 'NUMBER',
  'attachment.uri': '--uri',
  'attachment.mediaType': '--media-type',
  'attachment.size': '--size',
  'attachment.sha256': '--sha256',
  'attachment.fileName': '--name',
};

export const attach: CliCommand = {
  name: 'attach',
  summary:
    'Attach a file to a call by reference (URI, media type, size, SHA-256): the bytes stay where they are',
  usage:
    'callstream attach NUMBER FILE [--visible] [--uri URI] [--name NAME] [--media-type TYPE] | callstream attach NUMBER --uri URI --size BYTES --sha256 HEX [--name NAME] [--media-type TYPE]',
  details: [
    'With FILE: its size and SHA-256 are computed from its bytes, its media type guessed from',
    'its extension, and it is referenced by its file: URI, or by --uri where it is stored for',
    'good (https:, s3:, …). Without FILE, --uri, --size and --sha256 describe a file stored',
    'elsewhere. The file is internal unless --visible: the customer sees only visible files.',
    'Attaching the same file (same digest, same URI) to the same call again writes nothing',
    '(exit 0, "duplicate": true), unless it was withdrawn.',
  ].join('\n'),
  options: {
    visible: { type: 'boolean', description: 'the customer may see it (default: internal)' },
    uri: { type: 'string', description: 'where the file is stored (default: FILE as file:)' },
    name: { type: 'string', description: 'the file name shown (default: from FILE or URI)' },
    'media-type': {
      type: 'string',
      description: 'e.g. image/jpeg (default: from the extension)',
    },
    size: { type: 'string', description: 'the size in bytes, without FILE' },
    sha256: { type: 'string', description: 'the SHA-256 of the bytes, without FILE' },
    actor: { type: 'string', description: 'who attaches it, ID:ROLE (default cli:agent)' },
    at: { type: 'string', description: 'when (default now)' },
    'command-id': { type: 'string', description: 'the command id (default a new one)' },
  },
  positionals: 2,
  async run(ctx) {
    const [reference, path] = ctx.positionals;
    if (!reference) throw new UsageError('Which call? e.g. callstream attach C-000042 photo.jpg');
    const given = stringOption(ctx, 'uri');
    let described: { size: number; sha256: string };
    let uri: string;
    if (path !== undefined) {
      const absolute = resolve(path);
      let isFile: boolean;
      try {
        isFile = statSync(absolute).isFile();
      } catch {
        throw new UsageError(`No file ${path}`);
      }
      if (!isFile) throw new UsageError(`${path} is not a file`);
      if (ctx.values.size !== undefined || ctx.values.sha256 !== undefined)
        throw new UsageError('--size and --sha256 are computed from FILE: give one or the other');
      described = await digestOf(absolute);
      uri = given ?? pathToFileURL(absolute).href;
    } else {
      if (given === undefined)
        throw new UsageError('Give a FILE, or --uri with --size and --sha256');
      const size = finiteNumberOption(ctx, 'size');
      const sha256 = stringOption(ctx, 'sha256');
      if (size === undefined || sha256 === undefined)
        throw new UsageError('Without FILE, --size and --sha256 describe the file at --uri');
      described = { size, sha256 };
      uri = given;
    }
    const fileName =
      stringOption(ctx, 'name') ?? (path !== undefined ? basename(path) : lastSegment(uri)) ?? '';
    const attachment = {
      uri,
      mediaType: stringOption(ctx, 'media-type') ?? mediaTypeOf(fileName),
      ...described,
      fileName,
      customerVisible: ctx.values.visible === true,
    };
    const actor = actorOption(ctx, 'cli:agent');
    const at = (instantOption(ctx, 'at') ?? new Date()).toISOString();
    const command = {
      type: 'AddAttachment',
      commandId: stringOption(ctx, 'command-id') ?? randomUUID(),
      actor,
      at,
      call: reference,
      attachment,
    };
    checkCommandLine(command, fieldOptions);
    const callstream = await openExisting(ctx.options);
    try {
      let result;
      try {
        result = await callstream.executeJson(command);
      } catch (error) {
        if (!(error instanceof DomainError && error.code === 'AlreadyAttached')) throw error;
        const attachmentId = error.details.attachmentId;
        ctx.out.result(
          { number: reference, attachmentId, duplicate: true, ...attachment },
          () => `${reference} already has this file as ${String(attachmentId)}: nothing written`,
        );
        return;
      }
      const number = 'number' in result ? result.number : reference;
      const added = result.events.find((event) => event.type === 'AttachmentAdded');
      const attachmentId = (added?.data as { attachment?: { attachmentId?: string } } | undefined)
        ?.attachment?.attachmentId;
      ctx.out.result({ number, attachmentId, duplicate: result.duplicate, ...attachment }, () =>
        result.duplicate
          ? `Command already executed: ${fileName} is ${String(attachmentId)} of ${number}`
          : `Attached ${fileName} to ${number} as ${attachmentId} (${attachment.mediaType}, ${attachment.size} bytes, ${attachment.customerVisible ? 'visible to the customer' : 'internal'})\n  ${uri}\n  sha256 ${attachment.sha256}`,
      );
    } finally {
      await callstream.close();
    }
  },
};
