import { afterAll, describe, expect, it } from 'vitest';
import { Callstream } from '../../src/callstream.js';
import type { SolutionSuggestion } from '../../src/projections/knowledge/index.js';
import { childProcessBudget, cli, json } from '../support/cli.js';
import { temporaryDatabase } from '../support/files.js';
import { copierCall, define } from '../support/knowledge.js';
import { logCallRequest } from '../support/pipeline.js';

const tmp = temporaryDatabase();
afterAll(() => tmp.remove());

describe('callstream solutions and suggest (real child process)', () => {
  it(
    'ranks solutions by words and item, suggests for a call, and evaluates the suggestions',
    async () => {
      const cs = new Callstream({ file: tmp.path, customerValidation: false });
      await define(cs, 'problem', 'P-JAM', 'Paper jam');
      await define(cs, 'solution', 'S-ROLLER', 'Replace the pickup roller');
      await define(cs, 'solution', 'S-RESTART', 'Restart the device');
      await copierCall(cs, 'P-JAM', 'paper jams on tray 2', [['S-ROLLER', 'accepted']]);
      await copierCall(cs, 'P-JAM', 'paper jams', [
        ['S-RESTART', 'rejected'],
        ['S-ROLLER', 'accepted'],
      ]);
      const open = await cs.execute(
        logCallRequest({ description: 'Paper jam again', item: { item: 'copier-mx5' } }),
      );
      await cs.close();
      const db = ['--db', tmp.path];

      const found = await cli(['solutions', '--item', 'copier-mx5', '--text', 'paper jam', ...db]);
      expect(found.code, found.stderr).toBe(0);
      expect(found.stdout).toMatch(/^\s*1\s+S-ROLLER\s+Replace the pickup roller\s+2\s+0\s+0/m);
      const asJson = json<{ solutions: SolutionSuggestion[] }>(
        await cli(['solutions', '--text', 'paper jam', '--language', 'fr', '--json', ...db]),
      );
      expect(asJson.solutions.map((s) => [s.solution, s.title, s.solved, s.rejected])).toEqual([
        ['S-ROLLER', 'Replace the pickup roller (fr)', 2, 0],
        ['S-RESTART', 'Restart the device (fr)', 0, 1],
      ]);

      const suggested = json<{ call: { number: string }; suggestions: SolutionSuggestion[] }>(
        await cli(['suggest', open.number, '--json', ...db]),
      );
      expect(suggested.call.number).toBe(open.number);
      expect(suggested.suggestions[0]).toMatchObject({ solution: 'S-ROLLER', solved: 2 });
      const text = await cli(['suggest', open.number, ...db]);
      expect(text.stdout).toContain(`${open.number} (Registered): item copier-mx5`);

      const evaluated = await cli(['suggest', '--evaluate', ...db]);
      expect(evaluated.code, evaluated.stderr).toBe(0);
      expect(evaluated.stdout).toMatch(/calls resolved from .* top 3: 1\/2 \(50\.0 %\)/s);

      const nothing = await cli(['solutions', ...db]);
      expect(nothing.code).toBe(2);
      expect(nothing.stderr).toContain('--item, --product, --problem or --text');
      const both = await cli(['suggest', open.number, '--evaluate', ...db]);
      expect(both.code).toBe(2);
      const unknown = await cli(['suggest', 'C-999999', ...db]);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain('C-999999');
    },
    childProcessBudget(8),
  );
});
