import type { Invocation } from './context.js';

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  /**
   * What the option takes, as help names it (INSTANT, N, FILE, ID…). Start the description
   * with `action:` (or `run/due:`) when only those actions of the command take it.
   */
  readonly description: string;
  readonly multiple?: boolean;
  /** What it takes, where one command's option of a common name takes something else (notify's --from: a mailbox, not an instant). */
  readonly valueName?: string;
}

/** One action of a command that has several (`sla stats`, `billing run`): its own help. */
export interface CliAction {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
}

/** A subcommand: its help, its options, and what it does. */
export interface CliCommand {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  readonly positionals?: number;
  /** For a command with actions, each one's help (`callstream sla stats --help`). */
  readonly actions?: readonly CliAction[];
  /** The action run when none is named (`billing` shows totals). */
  readonly defaultAction?: string;
  /** More help: input format, exit codes. */
  readonly details?: string;
  run(ctx: Invocation): Promise<number | void>;
}
