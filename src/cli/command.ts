import type { Invocation } from './context.js';

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly description: string;
  readonly multiple?: boolean;
}

/** A subcommand: its help, its options, and what it does. */
export interface CliCommand {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  readonly positionals?: number;
  run(ctx: Invocation): Promise<number | void>;
}
