import { humanAllowanceStreams, type AllowanceStreams } from './allowance-streams.js';
import { humanDeviceStreams, type DeviceStreams } from './device-streams.js';
import type { GrowthSummary } from './growth.js';
import type { PipelineVersusEmmett } from './pipeline-cpu.js';
import { humanPrivacy, type privacyOverhead } from './privacy.js';
import { startupLine, type StartupReport } from './startup.js';
import type { sealingOverhead, verifyWorkload } from './verify.js';
import type { StoreKind, w1Lifecycle, w2Mix, w2Replay, w3Rehydrate } from './workloads.js';

/** The benchmark's report as text for people; `--json` prints the same report as JSON. */
export function humanGrowth(w5: GrowthSummary): string {
  return [
    `W5 growth (W1 through Callstream, inline projections, NORMAL): CPU per command ×${w5.growth} from ${w5.smallest} to ${w5.largest} calls; ratio to raw commits ${w5.ratio}${w5.ratioCeiling === undefined ? '' : ` (at most ${w5.ratioCeiling} with one caller: the pipeline's own CPU on the memory store plus one raw commit${w5.writesBound === undefined ? '' : `; ${w5.writesBound} plus the commands' own writes`})`}, with ${w5.points[0]?.concurrent.callers} callers ${w5.concurrentRatio} (CPU per command ×${w5.concurrentGrowth} over the same sizes)`,
    ...w5.points.map(
      (p) =>
        `  ${String(p.callsInStore).padStart(7)} calls in store: ${String(p.commandsPerSecond).padStart(6)} commands/s (p50 ${p.latencyMs.p50} ms, p99 ${p.latencyMs.p99} ms, max ${p.latencyMs.max} ms), ${p.cpuMsPerCommand} ms CPU per command, ${p.sqliteStatementsPerCommand} SQLite statements and ${p.walPagesPerCommand} WAL pages per command (${p.walPagesByTree
          .slice(0, 6)
          .map(({ tree, perCommand }) => `${tree} ${perCommand}`)
          .join(
            ', ',
          )}, …); ${p.concurrent.callers} callers, from ${p.concurrent.callsInStore} calls: ${p.concurrent.commandsPerSecond} commands/s, ${p.concurrent.cpuMsPerCommand} ms CPU and ${p.concurrent.sqliteStatementsPerCommand} SQLite statements per command`,
    ),
    ...(w5.modes ?? []).map(
      (m) =>
        `  by mode, ${m.mode}, ${m.callers} caller(s): ${m.commandsPerSecond} commands/s with the read models brought up to them (ratio ${m.ratio}), ${m.commandsAlonePerSecond}/s the commands alone, ${m.cpuMsPerCommand} ms CPU per command`,
    ),
    ...(w5.sqliteFloor ?? []).map(
      (f) =>
        `  SQLite floor, ${f.mode === 'inline' ? 'inline' : 'the commands alone (manual)'}, ${f.callers} caller(s): the commands' ${f.statementsPerCommand} statements per command replayed alone, ${f.commandsPerSecond} commands/s (ratio ${f.ratio}); their ${f.writesPerCommand} writes alone ${f.writesAlonePerSecond} commands/s (ratio ${f.writesAloneRatio}: the most these writes allow, whatever is read)`,
    ),
  ].join('\n');
}

type VerifyFigures = Awaited<ReturnType<typeof verifyWorkload>>;

const verifyLine = (what: string, verify: VerifyFigures): string =>
  `Verify ${what}: ${verify.events} events at ${verify.eventsPerSecond} events/s (ratio ${verify.ratio} to raw read + parse ${verify.rawReadAndParsePerSecond}/s; later events on a worker thread: ${verify.onWorker ? 'yes' : 'no'}; without strict decoding ${verify.chainsOnlyEventsPerSecond}/s, ratio ${verify.chainsOnlyRatio})`;

export function humanAudit(audit: {
  verify: VerifyFigures;
  verifyW1Store: VerifyFigures;
  sealing: Awaited<ReturnType<typeof sealingOverhead>>;
}): string {
  const { verify, verifyW1Store, sealing } = audit;
  return [
    verifyLine('the scale store', verify),
    verifyLine('the W1 store', verifyW1Store),
    `W1 SQLite FULL, 1 caller, ${sealing.calls} calls: sealed ${sealing.sealedCommandsPerSecond} commands/s, without the seal ${sealing.unsealedCommandsPerSecond} (ratio ${sealing.ratio}); CPU per command ${sealing.cpuMicrosPerCommand.sealed} µs sealed, ${sealing.cpuMicrosPerCommand.unsealed} µs without (ratio ${sealing.cpuRatio})`,
  ].join('\n');
}

/** One W1 run: the workload's figures and, on SQLite, its ratios to the raw commits. */
export type W1Row = Awaited<ReturnType<typeof w1Lifecycle>> & {
  readonly store: StoreKind;
  readonly concurrency: number;
  readonly rawEventCommitsPerSecond?: number;
  readonly ratio?: number;
  readonly ratioToMinimalCommits?: number;
};

/** What the text report reads of the JSON one. */
export interface BenchReport {
  readonly machine: {
    readonly node: string;
    readonly cpus: number;
    readonly cpu: string | undefined;
  };
  readonly raw: {
    readonly eventCommitsPerSecond: Readonly<Record<'FULL' | 'NORMAL', number>>;
    readonly commitsPerSecond: Readonly<Record<'FULL' | 'NORMAL', number>>;
    readonly readAndParsePerSecond: number;
    readonly streamLoadsPerSecond: number;
  };
  readonly w1: readonly W1Row[];
  readonly w1Emmett: PipelineVersusEmmett;
  readonly w2: Awaited<ReturnType<typeof w2Replay>> & {
    readonly ratio: number;
    readonly logRatio: number;
    readonly logToProjections: number;
  };
  readonly w2Mix: Awaited<ReturnType<typeof w2Mix>> & { readonly ratio: number };
  readonly w3: Awaited<ReturnType<typeof w3Rehydrate>>;
  readonly w5: GrowthSummary;
  readonly w6: DeviceStreams;
  readonly w7: AllowanceStreams;
  readonly audit: Parameters<typeof humanAudit>[0];
  readonly privacy: Awaited<ReturnType<typeof privacyOverhead>>;
  readonly startup: StartupReport;
  readonly w4: {
    readonly events: number;
    readonly eventsPerSecond: number;
    readonly peakRssMb: number;
    readonly ratio: number;
  };
  readonly targets: ReadonlyArray<{
    readonly name: string;
    readonly value: number;
    readonly met: boolean;
  }>;
}

export function human(r: BenchReport): string {
  const lines = [
    `callstream benchmark — ${r.machine.cpus}× ${r.machine.cpu}, Node ${r.machine.node}`,
    `raw baseline: event-row commits ${r.raw.eventCommitsPerSecond.FULL}/s at FULL, ${r.raw.eventCommitsPerSecond.NORMAL}/s at NORMAL (minimal rows: ${r.raw.commitsPerSecond.FULL}, ${r.raw.commitsPerSecond.NORMAL}); read+parse ${r.raw.readAndParsePerSecond} rows/s; stream loads ${r.raw.streamLoadsPerSecond}/s`,
    '',
    'W1 lifecycle (10 commands per call, full pipeline)',
    ...r.w1.map(
      (w) =>
        `  ${w.store.padEnd(14)} ${String(w.concurrency).padStart(2)} caller(s): ${String(w.commandsPerSecond).padStart(6)} commands/s  p50 ${w.latencyMs.p50} ms  p99 ${w.latencyMs.p99} ms${w.ratio === undefined ? '' : `  ratio ${w.ratio}`}`,
    ),
    `W1 memory beside Emmett (${r.w1Emmett.calls} calls, median of ${r.w1Emmett.rounds}): callstream ${r.w1Emmett.callstream.cpuMicrosPerCommand} µs CPU/command, Emmett ${r.w1Emmett.emmett.cpuMicrosPerCommand} µs (ratio ${r.w1Emmett.ratio}; rounds ${r.w1Emmett.ratioRange.join('–')})`,
    `W2 replay: projections ${r.w2.projections.eventsPerSecond} events/s (ratio ${r.w2.ratio}); transaction logs of ${r.w2.transactionLog.calls} calls ${r.w2.transactionLog.eventsPerSecond} events/s (ratio ${r.w2.logRatio}, ${r.w2.logToProjections} × projections)`,
    `W2 mix: demo of ${r.w2Mix.calls} calls (${r.w2Mix.invoices} invoices), ${r.w2Mix.events} events into ${r.w2Mix.projections.names.join(', ')}: ${r.w2Mix.projections.eventsPerSecond} events/s (ratio ${r.w2Mix.ratio})`,
    `W3 rehydrate: ${r.w3.streamsPerSecond} streams/s against ${r.w3.rawStreamLoadsPerSecond} raw, ${r.w3.turns} turns each (ratio ${r.w3.ratio})`,
    humanGrowth(r.w5),
    humanDeviceStreams(r.w6),
    humanAllowanceStreams(r.w7),
    humanAudit(r.audit),
    humanPrivacy(r.privacy),
    startupLine(r.startup),
    `W4 scale: ${r.w4.events} events rebuilt at ${r.w4.eventsPerSecond} events/s (ratio ${r.w4.ratio}), peak RSS ${r.w4.peakRssMb} MB`,
    '',
    'Targets:',
    ...r.targets.map((t) => `  ${t.met ? 'met    ' : 'NOT MET'} ${t.name}: ${t.value}`),
  ];
  return lines.join('\n');
}
