import type { CliAction, CliCommand, OptionSpec } from './command.js';
import { UsageError } from './errors.js';

/**
 * The actions an option is for, as its description says (`run:`, `escalate/what-if/stats:`);
 * undefined when it names none: every action takes it.
 */
export function actionsOf(option: OptionSpec, actions: readonly CliAction[]): string[] | undefined {
  const prefix = /^([a-z-]+(?:\/[a-z-]+)*): /.exec(option.description)?.[1];
  if (prefix === undefined) return undefined;
  const names = prefix.split('/');
  return names.every((name) => actions.some((action) => action.name === name)) ? names : undefined;
}

/**
 * An option given to an action that does not take it (`billing --issue` for totals, `sla
 * escalate --by`) is a usage error: ignored, it would answer another question than was asked.
 */
export function refuseOptionsOfOtherActions(
  command: CliCommand,
  positionals: readonly string[],
  tokens: ReadonlyArray<{ readonly kind: string; readonly name?: string }>,
): void {
  const { actions } = command;
  if (!actions) return;
  const action = positionals[0] ?? command.defaultAction;
  // No action, or an unknown one: the command itself says which it takes.
  if (action === undefined || !actions.some((known) => known.name === action)) return;
  for (const token of tokens) {
    if (token.kind !== 'option' || token.name === undefined) continue;
    if (!Object.hasOwn(command.options, token.name)) continue;
    const only = actionsOf(command.options[token.name]!, actions);
    if (only && !only.includes(action))
      throw new UsageError(
        `--${token.name} goes with ${only.map((name) => `"${command.name} ${name}"`).join(', ')}, not with "${command.name} ${action}"`,
      );
  }
}
