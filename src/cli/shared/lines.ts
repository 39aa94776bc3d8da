/**
 * Lines of a stream, each at most `maxBytes` long, enforced while reading: a longer line is
 * skipped as it streams by (only its length is counted), so a 100 MB line costs no more
 * memory than a chunk. Line ends are \n or \r\n; text is UTF-8, decoded once a line is whole.
 * A line that is not valid UTF-8 is reported as such, never patched with U+FFFD: a command
 * would otherwise store text its sender never wrote.
 */
export type BoundedLine =
  { readonly text: string } | { readonly tooLong: number } | { readonly notUtf8: true };

export async function* boundedLines(
  input: AsyncIterable<Buffer | string>,
  maxBytes: number,
): AsyncGenerator<BoundedLine> {
  let parts: Buffer[] = [];
  let length = 0;
  let overflow = false;
  const finish = (): BoundedLine => {
    const line: BoundedLine = overflow ? { tooLong: length } : decode(Buffer.concat(parts, length));
    parts = [];
    length = 0;
    overflow = false;
    return line;
  };
  // `copy`: the stream may reuse a chunk's buffer, so a piece kept past its chunk is copied.
  const take = (piece: Buffer, copy: boolean) => {
    length += piece.length;
    if (overflow) return;
    if (length > maxBytes) {
      overflow = true;
      parts = [];
    } else parts.push(copy ? Buffer.from(piece) : piece);
  };
  for await (const chunk of input) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    let start = 0;
    for (let end = buffer.indexOf(10, start); end !== -1; end = buffer.indexOf(10, start)) {
      take(buffer.subarray(start, end), false);
      yield finish();
      start = end + 1;
    }
    if (start < buffer.length) take(buffer.subarray(start), true);
  }
  if (length > 0 || parts.length > 0) yield finish();
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function decode(bytes: Buffer): BoundedLine {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { notUtf8: true };
  }
  return { text: text.endsWith('\r') ? text.slice(0, -1) : text };
}
