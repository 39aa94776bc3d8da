import { describe, expect, it } from 'vitest';
import { refuseOptionsOfOtherActions } from '../../src/cli/shared/action-options.js';
import { billing } from '../../src/cli/subcommands/billing.js';
import { meter } from '../../src/cli/subcommands/meter.js';
import { plan } from '../../src/cli/subcommands/plan.js';
import { sla } from '../../src/cli/subcommands/sla.js';
import type { CliCommand } from '../../src/cli/shared/command.js';
import { childProcessBudget, cli } from '../support/cli.js';

const given =
  (command: CliCommand, positionals: string[], ...options: string[]) =>
  () =>
    refuseOptionsOfOtherActions(
      command,
      positionals,
      options.map((name) => ({ kind: 'option', name })),
    );

/** An option the chosen action does not take is a usage error, not silently ignored. */
describe('options go with the actions their help names', () => {
  it('refuses an option of another action, the default action included', () => {
    expect(given(billing, [], 'issue')).toThrow(
      '--issue goes with "billing run", not with "billing totals"',
    );
    expect(given(billing, ['ready'], 'by')).toThrow(/--by goes with "billing totals"/);
    expect(given(sla, ['escalate'], 'by')).toThrow(/--by goes with "sla stats"/);
    expect(given(sla, ['stats'], 'rule-set')).toThrow(
      '--rule-set goes with "sla publish", "sla what-if", not with "sla stats"',
    );
    expect(given(plan, ['list'], 'until')).toThrow(/--until goes with "plan run", "plan due"/);
    expect(given(meter, ['alarm'], 'value')).toThrow(/--value goes with "meter read"/);
    expect(given(meter, ['read'], 'alarm-id')).toThrow(/--alarm-id goes with "meter alarm"/);
  });

  it('takes the options of the action, those of every action, and global ones', () => {
    expect(given(billing, [], 'by', 'from', 'to', 'db', 'json')).not.toThrow();
    expect(given(billing, ['run'], 'issue', 'at')).not.toThrow();
    expect(given(sla, ['escalate'], 'as-of', 'actor')).not.toThrow();
    expect(given(meter, ['alarm'], 'serial', 'at', 'time-zone', 'severity')).not.toThrow();
    // An unknown action is the command's to refuse, with its own words.
    expect(given(sla, ['bogus'], 'by')).not.toThrow();
  });

  it(
    'exits 2 before opening any file',
    async () => {
      const run = await cli(['billing', '--issue', '--db', '/nonexistent/x.db']);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/--issue goes with "billing run", not with "billing totals"/);
    },
    childProcessBudget(1),
  );

  it(
    'names an unknown option with the options the command takes, before opening any file',
    async () => {
      // A desk lead looking for one customer's billing: the command takes --by customer.
      const run = await cli(['billing', '--customer', 'acme', '--db', '/nonexistent/x.db']);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(
        'callstream: Unknown option --customer for callstream billing, which takes --by, --from, --to, --contract, --limit, --issue, --at, --utc and the options of every command\n' +
          'Try: callstream billing --help\n',
      );
      const short = await cli(['board', '-x', '--db', '/nonexistent/x.db']);
      expect(short.code).toBe(2);
      expect(short.stderr).toMatch(
        /^callstream: Unknown option -x for callstream board, which takes --status, /,
      );
      const none = await cli(['replay', '--fast', '--db', '/nonexistent/x.db', '--json']);
      expect(none.code).toBe(2);
      expect(JSON.parse(none.stderr)).toMatchObject({
        error: {
          code: 'UsageError',
          message:
            'Unknown option --fast for callstream replay, which takes only the options of every command',
        },
      });
    },
    childProcessBudget(3),
  );
});
