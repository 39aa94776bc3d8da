import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { childProcessBudget, cli } from '../support/cli.js';
import { temporaryDatabase } from '../support/files.js';

const tmp = temporaryDatabase();
afterAll(() => tmp.remove());

/**
 * A call's priority is its class (1 most urgent), the one the board shows and filters by;
 * factors scale its periods and give the actual priority, used for ranking. The call card
 * must not show the actual priority as if it were the class.
 */
describe('callstream show: the priority as the board names it (real child process)', () => {
  it(
    'shows a P2 call whose factor halves its periods as P2, with its actual priority beside',
    async () => {
      // Given a P2 technical question whose problem type halves its periods
      const logged = await cli(['exec', '--db', tmp.path], {
        input: JSON.stringify({
          type: 'LogCall',
          commandId: randomUUID(),
          actor: { id: 'ann', role: 'agent' },
          at: '2026-12-04T09:00:00Z',
          intake: { mode: 'knowledgeable', channel: 'phone' },
          subject: { kind: 'product', productId: 'copier-mx5', category: 'technical-question' },
          description: 'Toner question',
          priority: 2,
          factors: { problemType: 0.5 },
        }),
      });
      expect(logged.stdout).toContain('"ok":true');
      // When the call is shown
      const shown = await cli(['show', 'C-000001', '--db', tmp.path]);
      // Then its priority is P2, as on the board, its actual priority 1 said as such
      expect(shown.code).toBe(0);
      expect(shown.stdout).toMatch(/Priority\s+P2 \(actual priority 1; standard v1, built-in\)/);
      const board = await cli(['board', '--priority', '2', '--db', tmp.path]);
      expect(board.stdout).toMatch(/C-000001\s+Registered\s+2\s/);
    },
    childProcessBudget(3),
  );
});
