import { afterAll, describe, expect, it } from 'vitest';
import { childProcessBudget, cli, json } from '../support/cli.js';
import { oneCallHistory } from '../support/cli-history.js';
import { temporaryDatabase } from '../support/files.js';

/**
 * Text a customer typed reaches a terminal as text: its control characters (ESC opening a
 * sequence that clears the screen or retitles the window, BEL, CSI) are shown, never obeyed.
 */
const tmp = temporaryDatabase();
afterAll(() => tmp.remove());

const EVIL = 'Evil \u001b[2J\u001b]0;pwned\u0007 \u009b31m end';
const history = oneCallHistory({ description: EVIL });

// ESC, BEL and the one-character CSI (C1).
// eslint-disable-next-line no-control-regex -- the very characters that must not get through
const obeyed = /[\u001b\u0007\u009b]/;

describe('control characters in customer text (real child processes)', () => {
  it(
    'show and log print them visibly; --json escapes them and keeps the text as it was typed',
    async () => {
      const db = tmp.path;
      const logged = await cli(['exec', '--db', db], { input: history });
      expect(logged.code, logged.stderr).toBe(0);
      const number = (
        JSON.parse(logged.stdout.trim().split('\n')[2]!) as { result: { number: string } }
      ).result.number;

      for (const args of [
        ['show', number],
        ['log', number],
      ]) {
        const run = await cli([...args, '--db', db]);
        expect(run.code, run.stderr).toBe(0);
        expect(run.stdout, args.join(' ')).not.toMatch(obeyed);
        // Shown, not dropped: whoever reads the call sees that it holds control characters.
        expect(run.stdout, args.join(' ')).toContain('Evil ␛[2J␛]0;pwned␇ \\x9b31m end');
      }

      // --json escapes every control character (C1 too, which JSON.stringify leaves raw) and
      // parses back to the text as typed.
      const shown = await cli(['show', number, '--json', '--db', db]);
      expect(shown.stdout).not.toMatch(obeyed);
      expect(shown.stdout).toContain('\\u009b31m end');
      expect(json<{ call: { description: string } }>(shown).call.description).toBe(EVIL);
    },
    childProcessBudget(4),
  );

  it(
    'an error message quoting what was typed shows its control characters too',
    async () => {
      const run = await cli(['show', 'C-\u001b]0;pwned\u0007', '--db', tmp.path]);
      expect(run.code).not.toBe(0);
      expect(run.stderr).not.toMatch(obeyed);
      expect(run.stderr).toContain('C-␛]0;pwned␇');
    },
    childProcessBudget(1),
  );
});
