import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { childProcessBudget, cli, json } from '../support/cli.js';
import { oneCallHistory } from '../support/cli-history.js';
import { temporaryDatabase } from '../support/files.js';

interface Attached {
  number: string;
  attachmentId: string;
  duplicate: boolean;
  uri: string;
  mediaType: string;
  size: number;
  sha256: string;
  fileName: string;
  customerVisible: boolean;
}

describe('callstream attach (issue 20, real child process)', () => {
  const cleanUp: Array<() => void> = [];
  afterEach(() => {
    for (const remove of cleanUp.splice(0)) remove();
  });

  it(
    'attaches a file by reference with its size and SHA-256, once; the customer log shows only the visible one',
    async () => {
      const database = temporaryDatabase();
      cleanUp.push(database.remove);
      const db = database.path;
      const history = oneCallHistory({ description: 'Printer jams' });
      expect((await cli(['exec', '--db', db], { input: history })).code).toBe(0);

      const folder = mkdtempSync(join(tmpdir(), 'attach-'));
      cleanUp.push(() => rmSync(folder, { recursive: true, force: true }));
      const photo = join(folder, 'jam-tray-2.jpg');
      const bytes = Buffer.from('not really a JPEG, but bytes all the same');
      writeFileSync(photo, bytes);
      const run = await cli(['attach', 'C-000001', photo, '--visible', '--db', db, '--json']);
      expect(run.stderr).toBe('');
      expect(json<Attached>(run)).toEqual({
        number: 'C-000001',
        attachmentId: 'A1',
        duplicate: false,
        uri: pathToFileURL(photo).href,
        mediaType: 'image/jpeg',
        size: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        fileName: 'jam-tray-2.jpg',
        customerVisible: true,
      });
      const again = await cli(['attach', 'C-000001', photo, '--visible', '--db', db, '--json']);
      expect(json<Attached>(again).duplicate).toBe(true);

      const external = await cli([
        'attach',
        'C-000001',
        '--uri',
        'https://files.example.com/calls/C-000001/engineer-notes.pdf',
        '--size',
        '52000',
        '--sha256',
        'AB'.repeat(32),
        '--db',
        db,
      ]);
      expect(external.code).toBe(0);
      expect(external.stdout).toContain('Attached engineer-notes.pdf to C-000001 as A2');
      expect(external.stdout).toContain('internal');

      const refused = await cli([
        'attach',
        'C-000001',
        '--uri',
        'data:text/plain,hi',
        '--size',
        '2',
        '--sha256',
        'ab'.repeat(32),
        '--db',
        db,
      ]);
      expect(refused.code).toBe(2); // the option's value is refused: a usage error
      expect(refused.stderr).toMatch(/^callstream: --uri: .*data: URI is refused/m);
      expect(
        (await cli(['attach', 'C-000001', join(folder, 'missing.jpg'), '--db', db])).code,
      ).toBe(2);

      const show = await cli(['show', 'C-000001', '--db', db]);
      expect(show.stdout).toMatch(/A1\s+jam-tray-2\.jpg\s+image\/jpeg\s+\d+\s+call\s+customer/);
      expect(show.stdout).toMatch(/A2\s+engineer-notes\.pdf\s+application\/pdf/);
      const customerLog = await cli([
        'log',
        'C-000001',
        '--audience',
        'customer',
        '--db',
        db,
        '--json',
      ]);
      const text = customerLog.stdout;
      expect(text).toContain('jam-tray-2.jpg');
      expect(text).not.toContain('engineer-notes');
      expect(text).not.toContain(folder); // a file: URI names the desk's own disk
      const internalLog = await cli(['log', 'C-000001', '--db', db]);
      expect(internalLog.stdout).toContain('AttachmentAdded');
    },
    childProcessBudget(9),
  );
});
