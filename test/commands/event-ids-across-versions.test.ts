import { describe, expect, it } from 'vitest';
import { CommandPipeline, type CommandResult } from '../../src/commands/pipeline.js';
import { CALLSTREAM_NAMESPACE, callStreamName } from '../../src/streams/index.js';
import { MemoryEventStore } from '../../src/store/memory.js';
import { v5 as uuidv5 } from 'uuid';
import { lifecycleCommands } from '../../src/bench/lifecycle.js';
import { collect } from '../store/contract.js';

/** The event ids versions before one digest per command gave: one name-based UUID per event. */
const legacyEventId = (commandId: string, stream: string, index: number) =>
  uuidv5(`${commandId}/${stream}/${index}`, CALLSTREAM_NAMESPACE);

describe('event ids across versions', () => {
  it('recognise a resent command whose events an earlier version recorded under its own ids: nothing is written twice', async () => {
    const steps = lifecycleCommands(0, (step) =>
      new Date(Date.UTC(2026, 10, 23, 8, 0, step)).toISOString(),
    );
    const current = new MemoryEventStore();
    const writer = new CommandPipeline({ store: current });
    const sent: Array<Record<string, unknown>> = [];
    let number = '';
    for (const step of steps.slice(0, 8)) {
      const request = step(number);
      sent.push(request);
      number = ((await writer.executeJson(request)) as CommandResult).number;
    }
    const resolve = sent[7]!; // after a transfer: SecondLineReturned and CallResolved, two events of one command
    const callId = await writer.resolveCall(number);
    const stream = callStreamName(callId);

    // The same history as an older version stored it: every event named by its own digest.
    const old = new MemoryEventStore();
    for (const recorded of await collect(current.readAll())) {
      const { commandId } = recorded.metadata as { commandId: string };
      const sameCommand = (await collect(old.readStream(recorded.streamName))).filter(
        (e) => (e.metadata as { commandId: string }).commandId === commandId,
      ).length;
      await old.appendToStream(
        recorded.streamName,
        [
          {
            id: legacyEventId(commandId, recorded.streamName, sameCommand),
            type: recorded.type,
            data: recorded.data,
            metadata: recorded.metadata,
          },
        ],
        { expectedRevision: 'any' },
      );
    }
    const before = await collect(old.readStream(stream));
    const resolved = before.filter(
      (e) => (e.metadata as { commandId: string }).commandId === resolve.commandId,
    );
    expect(resolved.map((e) => e.type)).toEqual(['SecondLineReturned', 'CallResolved']);
    expect(resolved[1]!.id).toBe(legacyEventId(resolve.commandId as string, stream, 1));

    const upgraded = new CommandPipeline({ store: old });
    const again = await upgraded.executeJson(resolve);
    expect(again.duplicate).toBe(true);
    expect(again.events.map((e) => e.id)).toEqual(resolved.map((e) => e.id));
    expect(await collect(old.readStream(stream))).toHaveLength(before.length);
  });

  it('recognise a resent command an earlier version stored under its id in capitals', async () => {
    const steps = lifecycleCommands(0, (step) =>
      new Date(Date.UTC(2026, 10, 23, 8, 0, step)).toISOString(),
    );
    const current = new MemoryEventStore();
    const writer = new CommandPipeline({ store: current });
    const logged = (await writer.executeJson(steps[0]!(''))) as CommandResult;
    const follow = steps[1]!(logged.number);
    await writer.executeJson(follow);
    // The same history with every command id as an earlier version kept it: as it came.
    const old = new MemoryEventStore();
    for (const recorded of await collect(current.readAll())) {
      const metadata = recorded.metadata as { commandId: string };
      await old.appendToStream(
        recorded.streamName,
        [
          {
            id: recorded.id,
            type: recorded.type,
            data: recorded.data,
            metadata: { ...metadata, commandId: metadata.commandId.toUpperCase() },
          },
        ],
        { expectedRevision: 'any' },
      );
    }
    const stream = callStreamName(logged.callId);
    const before = await collect(old.readStream(stream));
    const upgraded = new CommandPipeline({ store: old });
    for (const commandId of [
      follow.commandId as string,
      (follow.commandId as string).toUpperCase(),
    ])
      expect((await upgraded.executeJson({ ...follow, commandId })).duplicate).toBe(true);
    expect(await collect(old.readStream(stream))).toHaveLength(before.length);
  });
});
