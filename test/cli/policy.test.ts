import { afterAll, describe, expect, it } from 'vitest';
import { cli, json } from '../support/cli.js';
import { temporaryDatabase } from '../support/files.js';

const tmp = temporaryDatabase();
afterAll(() => tmp.remove());

describe('callstream policy (real child process, issue 14 items 6 and 7)', () => {
  it('records the acceptance policy and the time zone as events, and shows them', async () => {
    const db = tmp.path;
    expect((await cli(['init', '--example', '--db', db])).code).toBe(0); // contract acme-2026 among others
    expect((await cli(['policy', 'acceptance', 'required', '--db', db])).code).toBe(0);
    expect(
      (await cli(['policy', 'acceptance', 'not-required', '--contract', 'acme-2026', '--db', db]))
        .code,
    ).toBe(0);
    expect((await cli(['policy', 'time-zone', 'Europe/Paris', '--db', db])).code).toBe(0);
    expect(json(await cli(['policy', 'show', '--db', db, '--json']))).toEqual({
      acceptanceRequired: true,
      contractAcceptance: { 'acme-2026': false },
      timeZone: 'Europe/Paris',
    });
    const unknown = await cli([
      'policy',
      'acceptance',
      'required',
      '--contract',
      'acme-2062',
      '--db',
      db,
    ]);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/ContractNotFound|No contract acme-2062/);
    const bad = await cli(['policy', 'time-zone', 'Mars/Olympus', '--db', db]);
    expect(bad.code).toBe(2); // the command line was wrong, as for any option's value
    expect(bad.stderr).toMatch(/^callstream: ZONE: An IANA time zone such as Europe\/Paris$/m);
  });
});
