import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { v5 as uuidv5 } from 'uuid';
import { Callstream } from '../callstream.js';
import { CALLSTREAM_NAMESPACE, callStreamName } from '../streams/index.js';
import { formatCallNumber } from '../domain/index.js';
import { SqliteEventStore } from '../store/sqlite.js';
import { generateCalls } from './generate.js';
import { percentile, round } from './stats.js';

/** What the issue asks of a read command's start-up (on an idle machine). */
const TARGET_WALL_SECONDS = 0.35;

// Each child reports its own CPU time (user + system, all threads) on exit, on stderr: a
// figure the machine's other load hardly moves, unlike wall time.
const reportCpu = `data:text/javascript,process.on('exit',()=>process.stderr.write('\\ncpu-us '+JSON.stringify(process.cpuUsage())))`;

interface Sample {
  readonly wallMs: number;
  readonly cpuMs: number;
}

function run(args: readonly string[]): Sample {
  const started = performance.now();
  const child = spawnSync(process.execPath, ['--import', reportCpu, ...args], {
    encoding: 'utf8',
    maxBuffer: 16 << 20,
  });
  const wallMs = performance.now() - started;
  if (child.status !== 0)
    throw new Error(
      `Start-up workload: node ${args.join(' ')} exited ${child.status}: ${child.stderr}`,
    );
  const cpu = /cpu-us (\{.*\})\s*$/.exec(child.stderr)?.[1];
  if (!cpu) throw new Error(`Start-up workload: no CPU figure from node ${args.join(' ')}`);
  const { user, system } = JSON.parse(cpu) as { user: number; system: number };
  return { wallMs, cpuMs: (user + system) / 1000 };
}

function summary(samples: readonly Sample[]) {
  const wall = samples.map((s) => s.wallMs).sort((a, b) => a - b);
  const cpu = samples.map((s) => s.cpuMs).sort((a, b) => a - b);
  return {
    wallMs: { median: round(percentile(wall, 50), 1), min: round(wall[0] ?? 0, 1) },
    cpuMs: { median: round(percentile(cpu, 50), 1), min: round(cpu[0] ?? 0, 1) },
  };
}

/**
 * Start-up of a read command: `callstream show` on a store of `calls` calls, run as a child
 * process the way a user runs it, against two baselines measured in the same run and
 * interleaved with it: node starting and exiting (`node -e ''`), and a script that opens
 * the same file with better-sqlite3 and prints the same call's events (startup-baseline.ts).
 */
export async function startupWorkload(dir: string, { calls = 20_000, runs = 15 } = {}) {
  const file = join(dir, 'startup.db');
  const store = new SqliteEventStore(file, { synchronous: 'NORMAL' });
  await generateCalls(store, calls);
  await store.close();
  // Bring the read models up to date once, as a store in use has them.
  await (await Callstream.open({ file, synchronous: 'NORMAL' })).close();

  const middle = Math.ceil(calls / 2);
  const number = formatCallNumber(BigInt(middle));
  const stream = callStreamName(uuidv5(`bench/${middle - 1}`, CALLSTREAM_NAMESPACE));
  const bin = fileURLToPath(new URL('../../bin/callstream.js', import.meta.url));
  const baseline = fileURLToPath(new URL('./startup-baseline.js', import.meta.url));
  const commands = {
    node: ['-e', ''],
    sqlite: [baseline, file, stream],
    show: [bin, 'show', number, '--db', file],
  };
  const samples = { node: [] as Sample[], sqlite: [] as Sample[], show: [] as Sample[] };
  for (const name of ['node', 'sqlite', 'show'] as const) run(commands[name]); // warm the file cache
  for (let i = 0; i < runs; i++)
    for (const name of ['node', 'sqlite', 'show'] as const) samples[name].push(run(commands[name]));
  rmSync(file, { force: true });
  rmSync(`${file}-wal`, { force: true });
  rmSync(`${file}-shm`, { force: true });

  const show = summary(samples.show);
  const node = summary(samples.node);
  const sqlite = summary(samples.sqlite);
  return {
    calls,
    runs,
    command: `callstream show ${number}`,
    show,
    baselines: { node, sqlite },
    /** show ÷ baseline, medians: how much more than starting node, and than the bare read. */
    ratio: {
      wallToNode: round(show.wallMs.median / node.wallMs.median),
      wallToSqlite: round(show.wallMs.median / sqlite.wallMs.median),
      cpuToNode: round(show.cpuMs.median / node.cpuMs.median),
      cpuToSqlite: round(show.cpuMs.median / sqlite.cpuMs.median),
    },
    target: {
      name: `start-up: callstream show on ${calls} calls under ${TARGET_WALL_SECONDS} s wall (median; on an idle machine)`,
      value: round(show.wallMs.median / 1000, 3),
      target: TARGET_WALL_SECONDS,
      lowerIsBetter: true,
      met: show.wallMs.median / 1000 < TARGET_WALL_SECONDS,
    },
  };
}

export type StartupReport = Awaited<ReturnType<typeof startupWorkload>>;

export function startupLine(r: StartupReport): string {
  return `Start-up: ${r.command} on ${r.calls} calls: median ${r.show.wallMs.median} ms wall, ${r.show.cpuMs.median} ms CPU; node -e '' ${r.baselines.node.wallMs.median} ms / ${r.baselines.node.cpuMs.median} ms; bare better-sqlite3 read ${r.baselines.sqlite.wallMs.median} ms / ${r.baselines.sqlite.cpuMs.median} ms (ratios wall ${r.ratio.wallToNode}× node, ${r.ratio.wallToSqlite}× bare read; CPU ${r.ratio.cpuToNode}×, ${r.ratio.cpuToSqlite}×)`;
}

// Run alone: node dist/bench/startup.js [--calls N] [--runs N] [--json]
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: { calls: { type: 'string' }, runs: { type: 'string' }, json: { type: 'boolean' } },
  });
  const dir = mkdtempSync(join(tmpdir(), 'callstream-startup-'));
  try {
    const report = await startupWorkload(dir, {
      calls: Number(values.calls ?? 20_000),
      runs: Number(values.runs ?? 15),
    });
    process.stdout.write(
      `${values.json ? JSON.stringify(report, null, 2) : startupLine(report)}\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
