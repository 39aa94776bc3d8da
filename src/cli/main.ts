import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CliCommand, OptionSpec } from './shared/command.js';
import { actionHelp, commandHelp, mainHelp } from './help.js';
import type { GlobalOptions } from './shared/context.js';
import { connectionSchemes, isConnectionString } from '../store/eventstoredb-connection.js';
import { refuseOptionsOfOtherActions } from './shared/action-options.js';
import { errorJson, fileError, UsageError } from './shared/errors.js';
import { ValidationError } from '../commands/errors.js';
import { output, toJson, visible } from './shared/output.js';
import { boundHeapGrowth } from '../launch/heap.js';
import { endQuietlyWhenTheReaderLeaves } from '../launch/reader-leaves.js';

/**
 * Every subcommand, loaded only when it runs: a read command should not pay for loading
 * the demo, the planner or the JSON Schema generator. Listed in the order help shows them.
 */
const subcommands = {
  init: () => import('./subcommands/init.js').then((m) => m.init),
  demo: () => import('./subcommands/demo.js').then((m) => m.demo),
  exec: () => import('./subcommands/exec.js').then((m) => m.exec),
  inbox: () => import('./subcommands/inbox.js').then((m) => m.inbox),
  agenda: () => import('./subcommands/agenda.js').then((m) => m.agenda),
  route: () => import('./subcommands/route.js').then((m) => m.route),
  board: () => import('./subcommands/board.js').then((m) => m.board),
  show: () => import('./subcommands/show.js').then((m) => m.show),
  attach: () => import('./subcommands/attach.js').then((m) => m.attach),
  history: () => import('./subcommands/history.js').then((m) => m.history),
  solutions: () => import('./subcommands/solutions.js').then((m) => m.solutions),
  suggest: () => import('./subcommands/suggest.js').then((m) => m.suggest),
  log: () => import('./subcommands/log.js').then((m) => m.log),
  report: () => import('./subcommands/report.js').then((m) => m.report),
  analytics: () => import('./subcommands/analytics.js').then((m) => m.analytics),
  billing: () => import('./subcommands/billing.js').then((m) => m.billing),
  sla: () => import('./subcommands/sla.js').then((m) => m.sla),
  policy: () => import('./subcommands/policy.js').then((m) => m.policy),
  replay: () => import('./subcommands/replay.js').then((m) => m.replay),
  verify: () => import('./subcommands/verify.js').then((m) => m.verify),
  seal: () => import('./subcommands/seal.js').then((m) => m.seal),
  person: () => import('./subcommands/person.js').then((m) => m.person),
  notify: () => import('./subcommands/notify.js').then((m) => m.notify),
  schema: () => import('./subcommands/schema.js').then((m) => m.schema),
  plan: () => import('./subcommands/plan.js').then((m) => m.plan),
  meter: () => import('./subcommands/meter.js').then((m) => m.meter),
} satisfies Record<string, () => Promise<CliCommand>>;
type SubcommandName = keyof typeof subcommands;
const subcommandNames = Object.keys(subcommands) as SubcommandName[];
const isSubcommandName = (name: string): name is SubcommandName => Object.hasOwn(subcommands, name);

const globalOptions: Record<string, OptionSpec> = {
  db: {
    type: 'string',
    description: 'the SQLite file (default $CALLSTREAM_DB or ./callstream.db)',
  },
  sync: {
    type: 'string',
    description: 'SQLite synchronous level: FULL (default; demo: NORMAL) or NORMAL',
  },
  store: {
    type: 'string',
    description:
      'where events live: sqlite (default, the --db file) or eventstoredb ($EVENTSTORE_CONNECTION_STRING; read models in --db)',
  },
  json: { type: 'boolean', description: 'one JSON document on stdout instead of text' },
  'read-only': {
    type: 'boolean',
    description:
      'read the --db file as it is, writing nothing (automatic where this user may not write it); commands are refused',
  },
};

// Not among globalOptions: help lists it on its own line, with its short form.
const HELP: OptionSpec & { readonly short: string } = {
  type: 'boolean',
  short: 'h',
  description: 'show help',
};

/** The version of the package this CLI belongs to (bin/ and dist/ ship beside its package.json). */
function version(): string {
  const manifest = JSON.parse(
    readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
  ) as { version: string };
  return manifest.version;
}

export async function main(argv: readonly string[]): Promise<number> {
  endQuietlyWhenTheReaderLeaves();
  boundHeapGrowth();
  const [name, ...rest] = argv;
  const wantsJson = argv.includes('--json');
  const out = output(wantsJson);
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const commands = await Promise.all(
      subcommandNames.map((subcommand) => subcommands[subcommand]()),
    );
    process.stdout.write(`${mainHelp(commands, globalOptions)}\n`);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-V') {
    process.stdout.write(`callstream ${version()}\n`);
    return 0;
  }
  let command: CliCommand | undefined;
  let db: string | undefined;
  try {
    if (!isSubcommandName(name))
      throw new UsageError(`Unknown command "${name}". Commands: ${subcommandNames.join(', ')}`);
    command = await subcommands[name]();
    const parseOptions: Record<string, OptionSpec> = {
      ...globalOptions,
      ...command.options,
      help: HELP,
    };
    refuseUnknownOptions(command, rest, parseOptions);
    const { values, positionals, tokens } = parseArgs({
      args: rest,
      options: parseOptions,
      allowPositionals: true,
      strict: true,
      tokens: true,
    });
    refuseRepeatedOptions(tokens, parseOptions);
    if (values.help) {
      const action = command.actions?.find((candidate) => candidate.name === positionals[0]);
      process.stdout.write(
        `${action ? actionHelp(command, action, globalOptions) : commandHelp(command, globalOptions)}\n`,
      );
      return 0;
    }
    if (positionals.length > (command.positionals ?? 0))
      throw new UsageError(
        `Unexpected argument "${positionals[command.positionals ?? 0]}". Usage: ${command.usage}`,
      );
    refuseOptionsOfOtherActions(command, positionals, tokens);
    const sync = (values.sync as string | undefined)?.toUpperCase() ?? 'FULL';
    if (sync !== 'FULL' && sync !== 'NORMAL') throw new UsageError('--sync is FULL or NORMAL');
    const store = (values.store as string | undefined) ?? 'sqlite';
    if (store !== 'sqlite' && store !== 'eventstoredb')
      throw new UsageError('--store is sqlite or eventstoredb');
    const connection = process.env.EVENTSTORE_CONNECTION_STRING;
    if (store === 'eventstoredb' && !connection) {
      throw new UsageError(
        '--store eventstoredb needs EVENTSTORE_CONNECTION_STRING, e.g. kurrentdb://localhost:2113?tls=false or esdb://localhost:2113?tls=false (see docs/stores.md)',
      );
    }
    if (store === 'eventstoredb' && !isConnectionString(connection!)) {
      throw new UsageError(
        `EVENTSTORE_CONNECTION_STRING must start with ${connectionSchemes.join(', ')}`,
      );
    }
    const options: GlobalOptions = {
      db: (values.db as string | undefined) ?? process.env.CALLSTREAM_DB ?? './callstream.db',
      json: values.json === true,
      synchronous: sync,
      ...(store === 'eventstoredb' ? { eventStoreDb: connection } : {}),
      ...(values['read-only'] === true ? { readOnly: true } : {}),
    };
    db = options.db;
    const code = await command.run({
      options,
      values: values as Record<string, string | boolean | string[] | undefined>,
      positionals,
      out,
      stdin: process.stdin,
    });
    return code ?? 0;
  } catch (thrown) {
    // A file that stops taking writes mid-run (its -wal or -shm left read-only by another
    // user) is said in the user's words, as when it would not open.
    const error = db === undefined ? thrown : fileError(thrown, db);
    // Not every error's code is a string: gRPC's (the EventStoreDB client's) are numbers.
    const code = (error as { code?: unknown }).code;
    // An invalid query was made of the options: a usage error. An invalid command is refused (1).
    const usage =
      error instanceof UsageError ||
      (error instanceof ValidationError && error.subject !== 'command') ||
      (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'));
    if (wantsJson) process.stderr.write(`${toJson({ error: errorJson(error) })}\n`);
    else {
      // A message may quote what the user or a customer typed: its control characters shown, not obeyed.
      process.stderr.write(`callstream: ${visible((error as Error).message)}\n`);
      if (usage)
        process.stderr.write(`Try: callstream ${command ? `${command.name} ` : ''}--help\n`);
    }
    return usage ? 2 : 1;
  }
}

/**
 * An option the command does not take is named with those it does. parseArgs's own words
 * ("place it at the end of the command after '--'") tell someone who misspelt an option, or
 * gave one of another command, to pass it as an argument, which no command takes.
 */
function refuseUnknownOptions(
  command: CliCommand,
  args: readonly string[],
  options: Readonly<Record<string, OptionSpec>>,
): void {
  const { tokens } = parseArgs({
    args: [...args],
    options,
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  const unknown = tokens.find(
    (token) => token.kind === 'option' && !Object.hasOwn(options, token.name),
  );
  if (unknown?.kind !== 'option') return;
  const own = Object.keys(command.options).map((name) => `--${name}`);
  throw new UsageError(
    `Unknown option ${unknown.rawName} for callstream ${command.name}, which takes ${
      own.length === 0
        ? 'only the options of every command'
        : `${own.join(', ')} and the options of every command`
    }`,
  );
}

/**
 * An option that takes one value, given twice (`--as-of` in a script, then again by hand), is
 * a usage error: parseArgs would keep the last without a word, and answer another question.
 */
function refuseRepeatedOptions(
  tokens: ReadonlyArray<{ readonly kind: string; readonly name?: string }>,
  options: Readonly<Record<string, OptionSpec>>,
): void {
  const seen = new Set<string>();
  for (const token of tokens) {
    if (token.kind !== 'option' || token.name === undefined) continue;
    const spec = options[token.name];
    if (spec?.type !== 'string' || spec.multiple) continue; // a flag twice says nothing else
    if (seen.has(token.name)) throw new UsageError(`--${token.name} is given twice: give it once`);
    seen.add(token.name);
  }
}
