import type { humanAudit, W1Row } from './report-text.js';
import type { AllowanceStreams } from './allowance-streams.js';
import type { DeviceStreams } from './device-streams.js';
import type { GrowthSummary } from './growth.js';
import type { PipelineVersusEmmett } from './pipeline-cpu.js';
import type { privacyOverhead } from './privacy.js';
import { round } from './stats.js';
import type { w2Mix, w2Replay, w3Rehydrate } from './workloads.js';

/** The figures the targets judge, with the raw baselines they are judged against (per second). */
export interface TargetInputs {
  readonly w1: readonly W1Row[];
  readonly w1Emmett: PipelineVersusEmmett;
  readonly w2: Awaited<ReturnType<typeof w2Replay>>;
  readonly rawRead: number;
  readonly mix: Awaited<ReturnType<typeof w2Mix>>;
  readonly rawMixRead: number;
  readonly w3: Awaited<ReturnType<typeof w3Rehydrate>>;
  readonly audit: Parameters<typeof humanAudit>[0];
  readonly privacy: Awaited<ReturnType<typeof privacyOverhead>>;
  readonly w4: { readonly peakRssMb: number };
  readonly w5: GrowthSummary;
  readonly w6: DeviceStreams;
  readonly w7: AllowanceStreams;
}

/** The benchmark's targets, each a ratio to its raw baseline (or a bound), and whether it is met. */
export function benchTargets({
  w1,
  w1Emmett,
  w2,
  rawRead,
  mix,
  rawMixRead,
  w3,
  audit,
  privacy,
  w4,
  w5,
  w6,
  w7,
}: TargetInputs) {
  const w1Of = (store: string, concurrency: number) =>
    w1.find((r) => r.store === store && r.concurrency === concurrency)!;
  return [
    {
      name: 'W1 SQLite FULL, 1 caller ≥ 0.7 of raw single event-row commits',
      value: w1Of('sqlite-full', 1).ratio!,
      target: 0.7,
    },
    {
      name: 'W1 SQLite NORMAL, 1 caller ≥ 0.7 of raw single event-row commits',
      value: w1Of('sqlite-normal', 1).ratio!,
      target: 0.7,
    },
    {
      name: 'W1 SQLite FULL, 32 callers beyond one sync per command (> 1.0)',
      value: w1Of('sqlite-full', 32).ratio!,
      target: 1,
    },
    {
      name: "W1 memory ≥ 1.0 × Emmett's in-memory store (CPU per command, same ten commands)",
      value: w1Emmett.ratio,
      target: 1,
    },
    {
      name: 'W2 projections ≥ 0.6 of raw read + parse',
      value: round(w2.projections.eventsPerSecond / rawRead),
      target: 0.6,
    },
    {
      name: 'W2 transaction logs ≥ 0.8 × W2 projections (events/s)',
      value: round(w2.transactionLog.eventsPerSecond / w2.projections.eventsPerSecond),
      target: 0.8,
    },
    {
      name: 'W2 mix (demo history, every projection) ≥ 0.6 of raw read + parse',
      value: round(mix.projections.eventsPerSecond / rawMixRead),
      target: 0.6,
    },
    {
      name: 'W3 rehydrate ≥ 0.5 of raw per-stream loads',
      value: w3.ratio,
      target: 0.5,
    },
    { name: 'Verify ≥ 0.5 of raw read + parse', value: audit.verify.ratio, target: 0.5 },
    {
      name: 'W1 SQLite FULL sealed ≥ 0.9 × without the seal (hashing ≤ 10 %)',
      value: audit.sealing.ratio,
      target: 0.9,
    },
    {
      name: 'W1 SQLite FULL with personal data sealed ≥ 0.85 × without (encryption ≤ 15 %)',
      value: privacy.w1.ratio,
      target: 0.85,
    },
    {
      name: 'W2 with personal data sealed ≥ 0.75 × without (encryption ≤ 25 %)',
      value: privacy.w2.ratio,
      target: 0.75,
    },
    { name: 'W4 peak RSS under 300 MB', value: w4.peakRssMb, target: 300, lowerIsBetter: true },
    {
      name: `W5 CPU per command at ${w5.largest} calls ≤ 1.3 × at ${w5.smallest} calls`,
      value: w5.growth,
      target: 1.3,
      lowerIsBetter: true,
    },
    {
      name: `W5 inline-projection W1, 1 caller, ≥ 0.5 of raw single event-row commits at NORMAL${w5.ratioCeiling === undefined ? '' : ` (reachable at most, estimated: ${w5.ratioCeiling} with one raw commit per command${w5.writesBound === undefined ? '' : `, ${w5.writesBound} with the commands' own writes`})`}`,
      value: w5.ratio,
      target: 0.5,
    },
    {
      name: `W6 CPU per reading with ${w6.readings.at(-1)!.events} in the meter's stream ≤ 1.3 × with ${w6.readings[0]!.events}`,
      value: w6.readingGrowth,
      target: 1.3,
      lowerIsBetter: true,
    },
    {
      name: `W6 CPU per alarm with ${w6.alarms.at(-1)!.events} in the device's stream ≤ 1.3 × with ${w6.alarms[0]!.events}`,
      value: w6.alarmGrowth,
      target: 1.3,
      lowerIsBetter: true,
    },
    {
      name: `W7 CPU per call billed with ${w7.billing.at(-1)!.events} calls on the contract line ≤ 1.3 × with ${w7.billing[0]!.events}`,
      value: w7.growth,
      target: 1.3,
      lowerIsBetter: true,
    },
  ].map((t) => ({ ...t, met: t.lowerIsBetter ? t.value < t.target : t.value >= t.target }));
}
