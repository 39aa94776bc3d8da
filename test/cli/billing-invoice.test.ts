import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../support/cli.js';
import { oneCallHistory } from '../support/cli-history.js';
import { temporaryDatabase } from '../support/files.js';

const tmp = temporaryDatabase();
afterAll(() => tmp.remove());

describe('callstream billing invoice of a call billing has not reached (real child process)', () => {
  it('answers that the call is not billed yet, and why, as an answer (exit 1), not a misused command line', async () => {
    // Given acme's call, logged and still being worked on
    const db = tmp.path;
    expect((await cli(['exec', '--db', db], { input: oneCallHistory() })).code).toBe(0);

    // When the billing office asks for its invoice
    const asked = await cli(['billing', 'invoice', 'C-000001', '--db', db]);
    const asJson = await cli(['billing', 'invoice', 'C-000001', '--db', db, '--json']);

    // Then it is told the call is not billed yet and where it stands, exit 1, with no usage hint
    expect(asked.code).toBe(1);
    expect(asked.stderr).toMatch(
      /^callstream: Call C-000001 is not billed yet \(it is Registered: /m,
    );
    expect(asked.stderr).not.toMatch(/Try: callstream/);
    expect(asJson.code).toBe(1);
    expect(JSON.parse(asJson.stderr)).toMatchObject({ error: { code: 'NotBilled' } });
  });
});
