/**
 * A notification as an Internet Message (RFC 5322) with a MIME text body (RFC 2045): lines
 * end CRLF, headers with non-ASCII text are encoded words (RFC 2047), the UTF-8 body is
 * quoted-printable, so any mail reader opens it and shows it as written.
 */

export interface Mailbox {
  readonly name?: string;
  readonly address: string;
}

export interface EmlMessage {
  readonly from: Mailbox;
  readonly to: Mailbox;
  readonly subject: string;
  readonly date: Date;
  readonly messageId: string;
  /** The Message-IDs this message follows, oldest first: In-Reply-To names the last, References all. */
  readonly references?: readonly string[];
  readonly language?: string;
  /** Extra headers (ASCII names; values encoded like the subject). */
  readonly headers?: ReadonlyArray<readonly [string, string]>;
  readonly text: string;
}

const CRLF = '\r\n';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const two = (n: number): string => String(n).padStart(2, '0');

/** An RFC 5322 date-time, in UTC: `Tue, 24 Nov 2026 09:00:00 +0000`. */
export function rfc5322Date(date: Date): string {
  return `${DAYS[date.getUTCDay()]}, ${two(date.getUTCDate())} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`;
}

const isPrintableAscii = (text: string): boolean => /^[\x20-\x7e]*$/.test(text);
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const base64 = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes));

/**
 * Text as RFC 2047 encoded words (`=?UTF-8?B?…?=`), each at most 75 characters and never
 * splitting a character, separated by folding white space; ASCII text as it is.
 */
export function encodeWords(text: string): string {
  if (isPrintableAscii(text)) return text;
  const words: string[] = [];
  let chunk = '';
  // 45 bytes of UTF-8 → 60 base64 characters, + 12 of =?UTF-8?B??= : 72 ≤ 75.
  for (const character of text) {
    if (utf8(chunk + character).length > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += character;
  }
  if (chunk) words.push(chunk);
  return words.map((word) => `=?UTF-8?B?${base64(utf8(word))}?=`).join(`${CRLF} `);
}

/** A mailbox: `Name <address>`, the name quoted when it holds specials, encoded when not ASCII. */
export function formatMailbox({ name, address }: Mailbox): string {
  if (!name) return `<${address}>`;
  const display = !isPrintableAscii(name)
    ? encodeWords(name)
    : /[()<>[\]:;@\\,."]/.test(name)
      ? `"${name.replace(/["\\]/g, (c) => `\\${c}`)}"`
      : name;
  return `${display} <${address}>`;
}

/** UTF-8 text as quoted-printable lines of at most 76 characters, CRLF line ends. */
export function quotedPrintable(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => {
      const bytes = utf8(line);
      let out = '';
      let width = 0;
      bytes.forEach((byte, i) => {
        const last = i === bytes.length - 1;
        const plain =
          (byte >= 33 && byte <= 126 && byte !== 61) || ((byte === 32 || byte === 9) && !last);
        const piece = plain
          ? String.fromCharCode(byte)
          : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
        if (width + piece.length > 75) {
          out += `=${CRLF}`;
          width = 0;
        }
        out += piece;
        width += piece.length;
      });
      return out;
    })
    .join(CRLF);
}

/** Header values never carry a line break of their own (it would start a header). */
const oneLine = (value: string): string => value.replace(/[\r\n]+/g, ' ');

/** The whole message, ready to write to a `.eml` file or hand to an SMTP relay. */
export function formatEml(message: EmlMessage): string {
  const references = message.references ?? [];
  const headers: Array<[string, string]> = [
    ['From', formatMailbox(message.from)],
    ['To', formatMailbox(message.to)],
    ['Subject', encodeWords(oneLine(message.subject))],
    ['Date', rfc5322Date(message.date)],
    ['Message-ID', message.messageId],
  ];
  if (references.length > 0) {
    headers.push(['In-Reply-To', references.at(-1)!]);
    headers.push(['References', references.join(`${CRLF} `)]);
  }
  headers.push(['MIME-Version', '1.0']);
  headers.push(['Content-Type', 'text/plain; charset=utf-8']);
  headers.push(['Content-Transfer-Encoding', 'quoted-printable']);
  if (message.language) headers.push(['Content-Language', message.language]);
  // RFC 3834: a notification, not a person writing; auto-responders should not answer it.
  headers.push(['Auto-Submitted', 'auto-generated']);
  for (const [name, value] of message.headers ?? [])
    headers.push([name, encodeWords(oneLine(value))]);
  const head = headers.map(([name, value]) => `${name}: ${value}`).join(CRLF);
  return `${head}${CRLF}${CRLF}${quotedPrintable(message.text)}${CRLF}`;
}
