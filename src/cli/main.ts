import { parseArgs } from 'node:util';
import type { CliCommand, OptionSpec } from './command.js';
import { board } from './commands/board.js';
import { demo } from './commands/demo.js';
import { exec } from './commands/exec.js';
import { history } from './commands/history.js';
import { log } from './commands/log.js';
import { replay } from './commands/replay.js';
import { schema } from './commands/schema.js';
import { show } from './commands/show.js';
import { sla } from './commands/sla.js';
import { analytics, inbox } from './commands/inbox.js';
import { billing } from './commands/billing.js';
import { meter, plan } from './commands/plan.js';
import { policy } from './commands/policy.js';
import type { GlobalOptions } from './context.js';
import { errorJson, UsageError } from './errors.js';
import { output, toJson } from './output.js';

const commands: readonly CliCommand[] = [demo, exec, inbox, board, show, history, log, analytics, billing, sla, policy, replay, schema, plan, meter];

const globalOptions: Record<string, OptionSpec> = {
  db: { type: 'string', description: 'the SQLite file (default $CALLSTREAM_DB or ./callstream.db)' },
  sync: { type: 'string', description: 'SQLite synchronous level: FULL (default) or NORMAL' },
  store: { type: 'string', description: 'where events live: sqlite (default, the --db file) or eventstoredb ($EVENTSTORE_CONNECTION_STRING; read models in --db)' },
  json: { type: 'boolean', description: 'one JSON document on stdout instead of text' },
  help: { type: 'boolean', description: 'show help' },
};

function optionHelp(options: Record<string, OptionSpec>): string {
  return Object.entries(options)
    .map(([name, spec]) => `  --${(name + (spec.type === 'string' ? ' VALUE' : '')).padEnd(22)} ${spec.description}`)
    .join('\n');
}

function mainHelp(): string {
  return [
    'callstream — the event-sourced service-call engine, from the command line',
    '',
    'Usage: callstream <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`),
    '',
    'Options for every command:',
    optionHelp(globalOptions),
    '',
    'callstream <command> --help shows the options of a command.',
  ].join('\n');
}

function commandHelp(command: CliCommand): string {
  const own = Object.keys(command.options).length > 0 ? `Options:\n${optionHelp(command.options)}\n\n` : '';
  return `${command.summary}\n\nUsage: ${command.usage}\n\n${own}Options for every command:\n${optionHelp(globalOptions)}`;
}

export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  const wantsJson = argv.includes('--json');
  const out = output(wantsJson);
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${mainHelp()}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = commands.find((c) => c.name === name);
  try {
    if (!command) throw new UsageError(`Unknown command "${name}". Commands: ${commands.map((c) => c.name).join(', ')}`);
    const { values, positionals } = parseArgs({
      args: rest,
      options: { ...globalOptions, ...command.options },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      process.stdout.write(`${commandHelp(command)}\n`);
      return 0;
    }
    if (positionals.length > (command.positionals ?? 0)) throw new UsageError(`Unexpected argument "${positionals[command.positionals ?? 0]}". Usage: ${command.usage}`);
    const sync = (values.sync as string | undefined)?.toUpperCase() ?? 'FULL';
    if (sync !== 'FULL' && sync !== 'NORMAL') throw new UsageError('--sync is FULL or NORMAL');
    const store = (values.store as string | undefined) ?? 'sqlite';
    if (store !== 'sqlite' && store !== 'eventstoredb') throw new UsageError('--store is sqlite or eventstoredb');
    const connection = process.env.EVENTSTORE_CONNECTION_STRING;
    if (store === 'eventstoredb' && !connection) {
      throw new UsageError('--store eventstoredb needs EVENTSTORE_CONNECTION_STRING, e.g. esdb://localhost:2113?tls=false (see docs/stores.md)');
    }
    const options: GlobalOptions = {
      db: (values.db as string | undefined) ?? process.env.CALLSTREAM_DB ?? './callstream.db',
      json: values.json === true,
      synchronous: sync,
      ...(store === 'eventstoredb' ? { eventStoreDb: connection } : {}),
    };
    const code = await command.run({ options, values: values as Record<string, string | boolean | string[] | undefined>, positionals, out, stdin: process.stdin });
    return code ?? 0;
  } catch (error) {
    const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    if (wantsJson) process.stderr.write(`${toJson({ error: errorJson(error) })}\n`);
    else {
      process.stderr.write(`callstream: ${(error as Error).message}\n`);
      if (usage) process.stderr.write(`Try: callstream ${command ? `${command.name} ` : ''}--help\n`);
    }
    return usage ? 2 : 1;
  }
}
