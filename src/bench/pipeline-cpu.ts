import { CommandPipeline, type CommandResult } from '../commands/pipeline.js';
import { MemoryEventStore } from '../store/memory.js';
import { lifecycleCommands } from './lifecycle.js';
import { median, round } from './stats.js';

/** Anything that executes W1's commands and answers with the call's number. */
interface Executor {
  execute(request: Record<string, unknown>): Promise<{ readonly number: string }>;
}

interface Pass {
  readonly commands: number;
  readonly cpuMicros: number;
  readonly wallMs: number;
}

/** One caller drives `calls` calls through W1; CPU time (user + system) and wall time. */
async function pass(executor: Executor, calls: number): Promise<Pass> {
  const start = Date.parse('2026-11-23T08:00:00Z');
  // Where the process allows it (--expose-gc), no round pays for collecting the round before:
  // alternating rounds would otherwise bill each side for the other's garbage.
  (globalThis as { gc?: () => void }).gc?.();
  let commands = 0;
  const cpu = process.cpuUsage();
  const wall = performance.now();
  for (let i = 0; i < calls; i++) {
    let number = '';
    for (const step of lifecycleCommands(i, (n) =>
      new Date(start + i * 60_000 + n * 1000).toISOString(),
    )) {
      number = (await executor.execute(step(number))).number;
      commands++;
    }
  }
  const used = process.cpuUsage(cpu);
  return { commands, cpuMicros: used.user + used.system, wallMs: performance.now() - wall };
}

const cpuPerCommand = (pass: Pass): number => pass.cpuMicros / pass.commands;

const spread = (values: number[]): [number, number] => [
  round(Math.min(...values)), // a handful of rounds: spreading them is safe
  round(Math.max(...values)),
];

/** Rounds of each side in the benchmark's comparison: an odd number, for a median (five left it 0.85–1.54 between rounds). */
const EMMETT_ROUNDS = 9;

export type PipelineVersusEmmett = Awaited<ReturnType<typeof pipelineVersusEmmett>>;

/**
 * W1 memory side by side with the same ten commands on Emmett's in-memory store (see
 * emmett.ts), in one process (the benchmark gives it one of its own, emmett-child.ts): both
 * warmed up first, then rounds alternating on fresh stores so a noisy neighbour hurts both
 * alike; each round's pair gives a ratio, their median the figure. CPU per command (one
 * caller: the pipeline's own cost, no I/O).
 */
export async function pipelineVersusEmmett(calls: number, rounds = EMMETT_ROUNDS) {
  // Loaded here, not with the bench: Emmett is a dev dependency, and only this comparison needs it.
  const { EmmettLifecycle } = await import('./emmett.js');
  const callstream = (): Executor => {
    const pipeline = new CommandPipeline({ store: new MemoryEventStore() });
    return { execute: async (request) => (await pipeline.executeJson(request)) as CommandResult };
  };
  const emmett = (): Executor => new EmmettLifecycle();
  // As long as a round: 300 calls left both sides still warming up through the next two rounds.
  const warmUp = calls;
  await pass(callstream(), warmUp);
  await pass(emmett(), warmUp);
  const ours: Pass[] = [];
  const theirs: Pass[] = [];
  for (let r = 0; r < rounds; r++) {
    // Each side goes first in every other round: neither always meets the heap the other left.
    if (r % 2 === 0) ours.push(await pass(callstream(), calls));
    theirs.push(await pass(emmett(), calls));
    if (r % 2 === 1) ours.push(await pass(callstream(), calls));
  }
  const figure = (passes: Pass[]) => ({
    commands: passes[0]!.commands,
    cpuMicrosPerCommand: round(median(passes.map(cpuPerCommand)), 1),
    commandsPerSecond: round(median(passes.map((p) => p.commands / (p.wallMs / 1000))), 0),
  });
  const ratios = ours.map((p, i) => cpuPerCommand(theirs[i]!) / cpuPerCommand(p));
  return {
    calls,
    rounds,
    callstream: figure(ours),
    emmett: figure(theirs),
    /**
     * Emmett's CPU per command over ours, the median of the rounds' pairs (as W6 and W7 take
     * their growth): above 1.0, callstream's pipeline is the cheaper. A pair shares the
     * machine's moment; the medians of each side apart may come from different ones.
     */
    ratio: round(median(ratios)),
    /** The same ratio in each round's pair, lowest and highest: how steady the comparison was. */
    ratioRange: spread(ratios),
  };
}
