/** Notifications as RFC 5322 messages: ASCII headers (RFC 2047 encoded words), CRLF lines, a quoted-printable UTF-8 body. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  encodeWords,
  formatEml,
  formatMailbox,
  quotedPrintable,
  rfc5322Date,
} from '../../src/domain/index.js';

const decodeWords = (value: string): string =>
  value
    .split(/\r\n /)
    .map((word) => {
      const match = /^=\?UTF-8\?B\?([^?]*)\?=$/.exec(word);
      return match ? Buffer.from(match[1]!, 'base64') : Buffer.from(word, 'utf8');
    })
    .reduce((all, part) => Buffer.concat([all, part]), Buffer.alloc(0))
    .toString('utf8');

function decodeQuotedPrintable(body: string): string {
  const soft = body.replace(/=\r\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === '=') {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(soft.charCodeAt(i));
  }
  return Buffer.from(bytes).toString('utf8').replace(/\r\n/g, '\n');
}

describe('RFC 5322 notifications', () => {
  it('encodes any header text as encoded words of at most 75 characters that decode to it', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 }), (text) => {
        const encoded = encodeWords(text);
        expect(encoded).toMatch(/^[\x20-\x7e\r\n]*$/);
        if (!/^[\x20-\x7e]*$/.test(text)) {
          for (const word of encoded.split('\r\n ')) expect(word.length).toBeLessThanOrEqual(75);
          expect(decodeWords(encoded)).toBe(text);
        } else expect(encoded).toBe(text);
      }),
    );
  });

  it('writes a body as quoted-printable lines of at most 76 characters that decode to it', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (text) => {
        const body = quotedPrintable(text);
        expect(body).toMatch(/^[\x20-\x7e\r\n]*$/);
        for (const line of body.split('\r\n')) expect(line.length).toBeLessThanOrEqual(76);
        expect(decodeQuotedPrintable(body)).toBe(text.replace(/\r\n?/g, '\n'));
      }),
    );
  });

  it('names mailboxes safely: specials quoted, non-ASCII encoded', () => {
    expect(formatMailbox({ address: 'a@b.example' })).toBe('<a@b.example>');
    expect(formatMailbox({ name: 'Claire Martin', address: 'c@a.example' })).toBe(
      'Claire Martin <c@a.example>',
    );
    expect(formatMailbox({ name: 'Martin, Claire', address: 'c@a.example' })).toBe(
      '"Martin, Claire" <c@a.example>',
    );
    expect(formatMailbox({ name: 'Zoé', address: 'z@a.example' })).toBe(
      '=?UTF-8?B?Wm/DqQ==?= <z@a.example>',
    );
  });

  it('threads a later message under the first: In-Reply-To and References', () => {
    const message = formatEml({
      from: { name: 'Service desk', address: 'service@example.com' },
      to: { name: 'Zoé', address: 'zoe@acme.example' },
      subject: 'C-000042 : l’intervention est déplacée',
      date: new Date('2026-11-24T09:05:07Z'),
      messageId: '<b@callstream>',
      references: ['<a@callstream>'],
      language: 'fr',
      text: 'Bonjour Zoé,\n\nà demain.',
    });
    const [head, ...rest] = message.split('\r\n\r\n');
    const body = rest.join('\r\n\r\n');
    expect(head).toContain('\r\nDate: Tue, 24 Nov 2026 09:05:07 +0000\r\n');
    expect(head).toContain('\r\nIn-Reply-To: <a@callstream>\r\nReferences: <a@callstream>\r\n');
    expect(head).toContain('Content-Type: text/plain; charset=utf-8');
    expect(head).toContain('Content-Language: fr');
    expect(decodeQuotedPrintable(body)).toBe('Bonjour Zoé,\n\nà demain.\n');
    expect(rfc5322Date(new Date('2027-01-03T00:00:00Z'))).toBe('Sun, 03 Jan 2027 00:00:00 +0000');
  });
});
