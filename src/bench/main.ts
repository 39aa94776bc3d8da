import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SqliteEventStore } from '../store/sqlite.js';
import { humanAllowanceStreams, w7AllowanceStreams } from './allowance-streams.js';
import { humanDeviceStreams, w6DeviceStreams } from './device-streams.js';
import { generateCalls } from './generate.js';
import type { GrowthSummary } from './growth.js';
import { growthWorkload, ratioBounds } from './growth-workload.js';
import { human, humanAudit, humanGrowth, type W1Row } from './report-text.js';
import { inChildProcess } from './child.js';
import type { PipelineVersusEmmett } from './pipeline-cpu.js';
import { rawCommits, rawEventCommits, rawReadAndParse } from './raw.js';
import { round } from './stats.js';
import { startupWorkload } from './startup.js';
import { benchTargets } from './targets.js';
import { sealingOverhead, verifyWorkload } from './verify.js';
import { humanPrivacy, privacyOverhead } from './privacy.js';
import {
  openStore,
  removeDatabase,
  w1Lifecycle,
  w2Mix,
  w2Replay,
  w3Rehydrate,
  type StoreKind,
} from './workloads.js';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    json: { type: 'boolean' },
    calls: { type: 'string' },
    'scale-events': { type: 'string' },
    'mix-calls': { type: 'string' },
    'growth-sizes': { type: 'string' },
    'growth-calls': { type: 'string' },
    'device-sizes': { type: 'string' },
    'allowance-sizes': { type: 'string' },
    only: { type: 'string' },
    'startup-calls': { type: 'string' },
    'startup-runs': { type: 'string' },
    help: { type: 'boolean' },
  },
});
if (values.help) {
  process.stdout.write(
    'npm run bench -- [--json] [--calls 2000] [--mix-calls 200] [--scale-events 1000000] [--growth-sizes 1000,10000,100000] [--growth-calls 500] [--device-sizes 1000,10000] [--allowance-sizes 1000,10000] [--startup-calls 20000] [--startup-runs 15] (--only w5 | w6 | w7 | audit | privacy)\n',
  );
  process.exit(0);
}
const calls = Number(values.calls ?? 2000);
const scaleEvents = Number(values['scale-events'] ?? 1_000_000);
const mixCalls = Number(values['mix-calls'] ?? 200);
const growthSizes = (values['growth-sizes'] ?? '1000,10000,100000').split(',').map(Number);
const growthCalls = Number(values['growth-calls'] ?? 500);
const deviceSizes = (values['device-sizes'] ?? '1000,10000').split(',').map(Number);
const allowanceSizes = (values['allowance-sizes'] ?? '1000,10000').split(',').map(Number);
const say = (text: string) => (values.json ? undefined : process.stderr.write(`${text}\n`));
const dir = mkdtempSync(join(tmpdir(), 'callstream-bench-'));
// On every way out, the early `--only` exits included: the stores are hundreds of megabytes.
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

// A payload and metadata the size of a typical stored event, for the raw baselines.
const payload = JSON.stringify({
  at: new Date().toISOString(),
  bookingId: 'B1',
  by: 'eve',
  engineer: 'eve',
  group: 'servers-l1',
  workDate: '2026-11-23',
  labourType: 'remote',
  minutes: 30,
  note: 'x'.repeat(120),
});
const metadata = JSON.stringify({
  schemaVersion: 1,
  actor: { id: 'eve', role: 'engineer' },
  occurredAt: new Date().toISOString(),
  commandId: crypto.randomUUID(),
  commandType: 'BookTime',
  correlationId: crypto.randomUUID(),
  causationId: crypto.randomUUID(),
});

say('raw baseline: single-row commits …');
const raw = {
  /** One small row per commit into a minimal table. */
  commitsPerSecond: {
    FULL: round(rawCommits(join(dir, 'raw-full.db'), 'FULL', 3000, payload), 0),
    NORMAL: round(rawCommits(join(dir, 'raw-normal.db'), 'NORMAL', 30000, payload), 0),
  },
  /** One event-shaped row per commit into a table with the event store's schema: the W1 baseline. */
  eventCommitsPerSecond: {
    FULL: round(
      rawEventCommits(join(dir, 'raw-event-full.db'), 'FULL', 3000, payload, metadata),
      0,
    ),
    NORMAL: round(
      rawEventCommits(join(dir, 'raw-event-normal.db'), 'NORMAL', 20000, payload, metadata),
      0,
    ),
  },
};

if (values.only === 'audit') {
  say('Audit: W1 SQLite FULL with and without the seal, then verify …');
  const sealing = await sealingOverhead(dir, Math.ceil(calls / 4));
  const file = join(dir, 'audit.db');
  const store = openStore('sqlite-normal', file);
  await w1Lifecycle(store, calls, 1);
  await store.close();
  const scaleFile = join(dir, 'audit-scale.db');
  const scaleStore = new SqliteEventStore(scaleFile, { synchronous: 'NORMAL' });
  await generateCalls(scaleStore, Math.ceil(scaleEvents / 13));
  await scaleStore.close();
  const audit = {
    sealing,
    verify: await verifyWorkload(scaleFile, 2),
    verifyW1Store: await verifyWorkload(file),
  };
  removeDatabase(scaleFile);
  // The transaction log is an audit view too: W2's log and projection passes on the same store.
  const store2 = new SqliteEventStore(file, { synchronous: 'NORMAL' });
  const w2 = await w2Replay(store2, join(dir, 'audit-views.db'));
  await store2.close();
  const w2Log = {
    projectionsEventsPerSecond: w2.projections.eventsPerSecond,
    transactionLog: w2.transactionLog,
    logToProjections: round(w2.transactionLog.eventsPerSecond / w2.projections.eventsPerSecond),
  };
  process.stdout.write(
    `${values.json ? JSON.stringify({ raw, audit, w2Log }, null, 2) : `${humanAudit(audit)}\nW2 transaction logs ${w2Log.transactionLog.eventsPerSecond} events/s (${w2Log.logToProjections} × projections ${w2Log.projectionsEventsPerSecond}/s; without the seal check ${w2Log.transactionLog.withoutSealCheckEventsPerSecond}/s)`}\n`,
  );
  process.exit(0);
}

if (values.only === 'privacy') {
  say('Privacy: W1 SQLite FULL and W2 with and without personal data sealed …');
  const privacy = await privacyOverhead(dir, Math.ceil(calls / 4));
  process.stdout.write(
    `${values.json ? JSON.stringify({ raw, privacy }, null, 2) : humanPrivacy(privacy)}\n`,
  );
  process.exit(0);
}

if (values.only === 'w7') {
  const w7 = await w7AllowanceStreams(dir, allowanceSizes, say);
  process.stdout.write(
    `${values.json ? JSON.stringify({ w7 }, null, 2) : humanAllowanceStreams(w7)}\n`,
  );
  process.exit(0);
}

if (values.only === 'w6') {
  const w6 = await w6DeviceStreams(dir, deviceSizes, say);
  process.stdout.write(
    `${values.json ? JSON.stringify({ w6 }, null, 2) : humanDeviceStreams(w6)}\n`,
  );
  process.exit(0);
}

const w5 = await growthWorkload(
  dir,
  growthSizes,
  growthCalls,
  raw.eventCommitsPerSecond.NORMAL,
  say,
);
if (values.only === 'w5') {
  process.stdout.write(`${values.json ? JSON.stringify({ raw, w5 }, null, 2) : humanGrowth(w5)}\n`);
  process.exit(0);
}
const w7 = await w7AllowanceStreams(dir, allowanceSizes, say);
const w6 = await w6DeviceStreams(dir, deviceSizes, say);

const w1: W1Row[] = [];
let replayFile = '';
for (const kind of ['memory', 'sqlite-full', 'sqlite-normal'] as StoreKind[]) {
  for (const concurrency of [1, 32]) {
    say(`W1 lifecycle: ${kind}, ${concurrency} caller(s) …`);
    const file = join(dir, `w1-${kind}-${concurrency}.db`);
    const store = openStore(kind, file);
    const result = await w1Lifecycle(store, calls, concurrency);
    await store.close();
    const level = kind === 'sqlite-full' ? 'FULL' : 'NORMAL';
    const baseline = kind === 'memory' ? undefined : raw.eventCommitsPerSecond[level];
    w1.push({
      store: kind,
      ...result,
      ...(baseline
        ? {
            rawEventCommitsPerSecond: baseline,
            ratio: round(result.commandsPerSecond / baseline),
            ratioToMinimalCommits: round(result.commandsPerSecond / raw.commitsPerSecond[level]),
          }
        : {}),
    });
    if (kind === 'sqlite-full' && concurrency === 1) replayFile = file;
    else if (kind !== 'memory') removeDatabase(file);
  }
}

say("W1 memory beside Emmett's in-memory store, same ten commands …");
const w1Emmett = inChildProcess<PipelineVersusEmmett>(
  './emmett-child.js',
  [String(calls)],
  ['--expose-gc'], // each round starts on a collected heap (pipeline-cpu.ts)
);
const w5WithBounds: GrowthSummary = {
  ...w5,
  ...ratioBounds(w1Emmett.callstream.cpuMicrosPerCommand, w5),
};

say('W2 replay and W3 rehydrate on the W1 store …');
const rawRead = rawReadAndParse(replayFile);
const replayStore = new SqliteEventStore(replayFile, { synchronous: 'NORMAL' });
const w2 = await w2Replay(replayStore, join(dir, 'w2-views.db'));
const w3 = await w3Rehydrate(replayStore, replayFile);
await replayStore.close();
say('Audit: W1 SQLite FULL with and without the seal …');
const sealing = await sealingOverhead(dir, Math.ceil(calls / 4));

say('Privacy: W1 SQLite FULL and W2 with and without personal data sealed …');
const privacy = await privacyOverhead(dir, Math.ceil(calls / 4));

say(`W2 mix: a demo of ${mixCalls} calls, then its replay into every projection …`);
const mixFile = join(dir, 'w2-mix.db');
const mix = await w2Mix(mixFile, join(dir, 'w2-mix-views.db'), mixCalls);
const rawMixRead = rawReadAndParse(mixFile);
removeDatabase(mixFile);

say(`W4 scale: writing ${scaleEvents} events …`);
const scaleFile = join(dir, 'w4.db');
const scaleStore = new SqliteEventStore(scaleFile, { synchronous: 'NORMAL' });
const written = await generateCalls(scaleStore, Math.ceil(scaleEvents / 13));
await scaleStore.close();
const rawScaleRead = rawReadAndParse(scaleFile);
// An audit verifies years of history: measured on the scale store, walked in two stretches
// on two threads when two cores are free (verify-stretches.ts); the W1 store, beside it.
say(`Audit: verify the ${written} events of the scale store, and the W1 store …`);
const audit = {
  verify: await verifyWorkload(scaleFile, 2),
  verifyW1Store: await verifyWorkload(replayFile),
  sealing,
};
say('W4 scale: rebuilding (separate process) …');
const w4 = inChildProcess<{ events: number; eventsPerSecond: number; peakRssMb: number }>(
  './w4-child.js',
  [scaleFile, join(dir, 'w4-views.db')],
);

const targets = benchTargets({
  w1,
  w1Emmett,
  w2,
  rawRead: rawRead.perSecond,
  mix,
  rawMixRead: rawMixRead.perSecond,
  w3,
  audit,
  privacy,
  w4,
  w5: w5WithBounds,
  w6,
  w7,
});

const report = {
  machine: {
    node: process.version,
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    platform: `${process.platform}-${process.arch}`,
  },
  parameters: { calls, scaleEvents: written },
  raw: {
    ...raw,
    readAndParsePerSecond: round(rawRead.perSecond, 0),
    streamLoadsPerSecond: w3.rawStreamLoadsPerSecond,
    scaleReadAndParsePerSecond: round(rawScaleRead.perSecond, 0),
  },
  w1,
  w1Emmett,
  w2: {
    ...w2,
    rawReadAndParsePerSecond: round(rawRead.perSecond, 0),
    ratio: round(w2.projections.eventsPerSecond / rawRead.perSecond),
    logRatio: round(w2.transactionLog.eventsPerSecond / rawRead.perSecond),
    logToProjections: round(w2.transactionLog.eventsPerSecond / w2.projections.eventsPerSecond),
  },
  w2Mix: {
    ...mix,
    rawReadAndParsePerSecond: round(rawMixRead.perSecond, 0),
    ratio: round(mix.projections.eventsPerSecond / rawMixRead.perSecond),
  },
  w3,
  w5: w5WithBounds,
  w6,
  w7,
  audit,
  privacy,
  w4: {
    ...w4,
    rawReadAndParsePerSecond: round(rawScaleRead.perSecond, 0),
    ratio: round(w4.eventsPerSecond / rawScaleRead.perSecond),
  },
  startup:
    (say('Start-up: callstream show as a child process …'),
    await startupWorkload(dir, {
      calls: Number(values['startup-calls'] ?? 20_000),
      runs: Number(values['startup-runs'] ?? 15),
    })),
  targets,
};
if (values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
else process.stdout.write(`${human(report)}\n`);
