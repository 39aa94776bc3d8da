/** callstream notify deliver: a demo's pending notifications as .eml files a mail reader opens (real child process). */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childProcessBudget, cli, json } from '../support/cli.js';
import { temporaryDatabase } from '../support/files.js';

/** An RFC 2047 encoded-word header value, decoded (B encoding, UTF-8: what callstream writes). */
const decodeWords = (value: string): string =>
  value
    .replace(/\?=\r\n =\?UTF-8\?B\?/g, '?==?UTF-8?B?')
    .replace(/=\?UTF-8\?B\?([^?]*)\?=/g, (_, b64: string) =>
      Buffer.from(b64, 'base64').toString('utf8'),
    );

/** A quoted-printable body, decoded to its UTF-8 text. */
function decodeBody(body: string): string {
  const soft = body.replace(/=\r\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === '=') {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(soft.charCodeAt(i));
  }
  return Buffer.from(bytes).toString('utf8');
}

function headersOf(message: string): Map<string, string> {
  const [head] = message.split('\r\n\r\n');
  const headers = new Map<string, string>();
  for (const line of head!.split(/\r\n(?![ \t])/)) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon), line.slice(colon + 2));
  }
  return headers;
}

describe('callstream notify deliver', () => {
  const file = temporaryDatabase();
  const db = file.path;
  const out = join(file.dir, 'outbox');
  beforeAll(
    async () => {
      expect((await cli(['demo', '--calls', '30', '--seed', '4', '--db', db])).code).toBe(0);
    },
    childProcessBudget(1, { demoCalls: 30 }),
  );
  afterAll(() => file.remove());

  it(
    'writes each pending notification once as an RFC 5322 message, records the delivery, and writes nothing the second time',
    async () => {
      const run = await cli([
        'notify',
        'deliver',
        '--to-dir',
        out,
        '--from',
        'Helpdesk Société <helpdesk@example.com>',
        '--db',
        db,
        '--json',
      ]);
      expect(run.code).toBe(0);
      const result = json<{ delivered: number; failed: number; files: string[] }>(run);
      expect(result.delivered).toBeGreaterThan(20);
      expect(result.failed).toBe(0);
      const files = readdirSync(out).sort();
      expect(files).toHaveLength(result.delivered);
      const emails = files.filter((f) => f.endsWith('.eml'));
      expect(emails.some((f) => /^C-\d{6}-call-logged-[0-9a-f]{8}\.eml$/.test(f))).toBe(true);

      for (const name of emails) {
        const message = readFileSync(join(out, name), 'utf8');
        expect(message).not.toMatch(/[^\r]\n/); // CRLF line ends only
        const headers = headersOf(message);
        // Headers are ASCII: anything else is an encoded word.
        expect([...headers.values()].join('')).toMatch(/^[\x20-\x7e\r\n\t]*$/);
        expect(decodeWords(headers.get('From')!)).toBe('Helpdesk Société <helpdesk@example.com>');
        expect(headers.get('Message-ID')).toMatch(/^<[0-9a-f-]{36}@callstream>$/);
        expect(headers.get('Date')).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
        expect(headers.get('Content-Type')).toBe('text/plain; charset=utf-8');
        const subject = decodeWords(headers.get('Subject')!);
        const body = decodeBody(message.split('\r\n\r\n').slice(1).join('\r\n\r\n'));
        if (!name.includes('request-refused')) expect(subject).toContain(name.slice(0, 8));
        if (!name.includes('call-logged') && !name.includes('request-refused'))
          expect(headers.get('In-Reply-To')).toMatch(/^<[0-9a-f-]{36}@callstream>$/);
        expect(body).not.toContain('undefined');
      }
      const french = emails
        .map((name) => readFileSync(join(out, name), 'utf8'))
        .find((m) => m.includes('Content-Language: fr'));
      expect(decodeBody(french!.split('\r\n\r\n')[1]!)).toMatch(/^Bonjour/);

      const again = json<{ delivered: number }>(
        await cli(['notify', 'deliver', '--to-dir', out, '--db', db, '--json']),
      );
      expect(again.delivered).toBe(0);
      expect(readdirSync(out)).toHaveLength(files.length);
    },
    childProcessBudget(2),
  );

  it(
    'refuses a --to-dir that is a file, or lies under one, in plain words, exit 2, leaving the file as it was',
    async () => {
      const text = join(file.dir, 'text.db');
      writeFileSync(text, 'not a folder');
      const onFile = await cli(['notify', 'deliver', '--to-dir', text, '--db', db]);
      expect(onFile.code).toBe(2);
      expect(onFile.stderr).toMatch(/^callstream: --to-dir .*text\.db is a file, not a folder\n/);
      const under = await cli(['notify', 'deliver', '--to-dir', join(text, 'sub'), '--db', db]);
      expect(under.code).toBe(2);
      expect(under.stderr).toMatch(
        /^callstream: --to-dir .*text\.db\/sub is not a valid path: a part of it is a file/,
      );
      for (const run of [onFile, under]) expect(run.stderr).not.toMatch(/EEXIST|ENOTDIR|mkdir/);
      expect(readFileSync(text, 'utf8')).toBe('not a folder');
    },
    childProcessBudget(2),
  );

  it(
    'says what is missing when --to-dir is not given',
    async () => {
      const run = await cli(['notify', 'deliver', '--db', db]);
      expect(run.code).not.toBe(0);
      expect(run.stderr).toContain('--to-dir');
    },
    childProcessBudget(1),
  );
});
