import type { CliAction, CliCommand, OptionSpec } from './shared/command.js';

/**
 * What each option takes, named once for every command that has it: the same option always
 * takes the same kind of value. A string option missing here is a defect (a test lists them).
 */
const valueNames: ReadonlyMap<string, string> = new Map([
  ...['as-of', 'until', 'from', 'to', 'at', 'effective-from'].map(
    (name) => [name, 'INSTANT'] as const,
  ),
  ...['calls', 'seed', 'limit', 'version', 'weeks'].map((name) => [name, 'N'] as const),
  ...['db', 'file', 'html'].map((name) => [name, 'FILE'] as const),
  ...['rule-set', 'contract', 'customer', 'alarm-id', 'meter', 'group', 'engineer'].map(
    (name) => [name, 'ID'] as const,
  ),
  ['serial', 'SERIAL'],
  ['uri', 'URI'],
  ['name', 'NAME'],
  ['media-type', 'TYPE'],
  ['size', 'BYTES'],
  ['sha256', 'HEX'],
  ['actor', 'ID:ROLE'],
  ['time-zone', 'ZONE'],
  ['due-time', 'HH:MM'],
  ['sync', 'FULL|NORMAL'],
  ['year', 'YYYY'],
  ['store', 'sqlite|eventstoredb'],
  ['at-risk-share', 'SHARE'],
  ['value', 'NUMBER'],
  ['final-value', 'NUMBER'],
  ['initial-value', 'NUMBER'],
  ['against', 'POSITION:HASH'],
  ['command', 'TYPE'],
  ['event', 'TYPE'],
  ['message', 'TEXT'],
  ['reason', 'TEXT'],
  ['command-id', 'UUID'],
  ['code', 'CODE'],
  ['source', 'ID'],
  ['severity', 'SEVERITY'],
  ['service', 'SERVICE'],
  ['status', 'STATUS,…'],
  ['priority', 'P,…'],
  ['sla', 'STATE,…'],
  ['inbox', 'NAME'],
  ['to-dir', 'DIR'],
  ['week', 'YYYY-Www'],
  ['audience', 'internal|customer'],
  ['by', 'DIMENSION'],
  ['item', 'ITEM'],
  ['product', 'ID'],
  ['problem', 'CODE'],
  ['text', 'WORDS'],
  ['language', 'LANG'],
]);

export const valueName = (option: string, spec?: OptionSpec): string | undefined =>
  spec?.valueName ?? valueNames.get(option);

function optionLine(name: string, spec: OptionSpec): string {
  const flag =
    spec.type === 'string' ? `--${name} ${valueName(name, spec) ?? 'VALUE'}` : `--${name}`;
  return `  ${flag.padEnd(30)} ${spec.description}`;
}

const optionHelp = (options: Readonly<Record<string, OptionSpec>>): string =>
  Object.entries(options)
    .map(([name, spec]) => optionLine(name, spec))
    .join('\n');

/** The actions an option is for, from its description's `run/due:` prefix; none: all of them. */
export function actionsOf(spec: OptionSpec): readonly string[] | undefined {
  const prefix = /^([a-z-]+(?:\/[a-z-]+)*): /.exec(spec.description);
  return prefix ? prefix[1]!.split('/') : undefined;
}

export function mainHelp(
  commands: readonly CliCommand[],
  globalOptions: Readonly<Record<string, OptionSpec>>,
): string {
  return [
    'callstream — the event-sourced service-call engine, from the command line',
    '',
    'Usage: callstream <command> [options]',
    '       callstream --version',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`),
    '',
    'Options for every command:',
    optionHelp(globalOptions),
    '  -h, --help                     this help; callstream <command> --help shows a command’s own',
  ].join('\n');
}

export function commandHelp(
  command: CliCommand,
  globalOptions: Readonly<Record<string, OptionSpec>>,
): string {
  const own =
    Object.keys(command.options).length > 0 ? `Options:\n${optionHelp(command.options)}\n\n` : '';
  const actions = command.actions
    ? `Actions (callstream ${command.name} ACTION --help for one):\n${command.actions.map((a) => `  ${a.name.padEnd(12)} ${a.summary}`).join('\n')}\n\n`
    : '';
  const details = command.details ? `${command.details}\n\n` : '';
  return `${command.summary}\n\nUsage: ${command.usage}\n\n${actions}${own}${details}Options for every command:\n${optionHelp(globalOptions)}`;
}

/** One action's help: its usage and only the options it takes. */
export function actionHelp(
  command: CliCommand,
  action: CliAction,
  globalOptions: Readonly<Record<string, OptionSpec>>,
): string {
  const options = Object.fromEntries(
    Object.entries(command.options).filter(
      ([, spec]) => actionsOf(spec)?.includes(action.name) ?? true,
    ),
  );
  const own = Object.keys(options).length > 0 ? `Options:\n${optionHelp(options)}\n\n` : '';
  return `${action.summary}\n\nUsage: ${action.usage}\n\n${own}Options for every command:\n${optionHelp(globalOptions)}`;
}
