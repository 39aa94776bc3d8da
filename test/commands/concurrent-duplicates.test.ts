import { afterEach, describe, expect, it } from 'vitest';
import { callStreamName } from '../../src/streams/index.js';
import { MemoryEventStore } from '../../src/store/memory.js';
import type { EventStore } from '../../src/store/port.js';
import { SqliteEventStore } from '../../src/store/sqlite.js';
import { collect } from '../store/contract.js';
import { temporaryDatabase } from '../support/files.js';
import { command, logCallRequest, staff, testPipeline } from '../support/pipeline.js';

/** Issue 14, item 3: of two concurrent executions of one command, exactly one says it wrote. */
describe('two concurrent executions of the same command', () => {
  const cleanups: Array<() => void | Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  const requests = () => ({
    LogCall: logCallRequest(),
    RegisterCustomer: command({
      type: 'RegisterCustomer',
      actor: staff.sam,
      customerId: 'acme',
      name: 'Acme',
    } as never),
    SubmitRequest: command({
      type: 'SubmitRequest',
      actor: staff.mail,
      requestId: 'r1',
      channel: 'email',
      sender: { email: 'a@b.example' },
      summary: 'Down',
      body: 'It is down',
    } as never),
  });

  it.each(['LogCall', 'RegisterCustomer', 'SubmitRequest'] as const)(
    'one pipeline: exactly one %s answers duplicate: false',
    async (type) => {
      const { pipeline, store } = testPipeline();
      const request = requests()[type];
      const results = await Promise.all([
        pipeline.execute(request),
        pipeline.execute(request),
        pipeline.execute(request),
      ]);
      expect(results.map((r) => r.duplicate).sort()).toEqual([false, true, true]);
      expect(new Set(results.map((r) => r.position)).size).toBe(1);
      expect(await store.headPosition()).toBe(results[0].position);
    },
  );

  it('one pipeline: a follow-up sent twice at once is recorded once, and one answer says so', async () => {
    const { pipeline, store } = testPipeline();
    const logged = await pipeline.execute(logCallRequest());
    const follow = command({ type: 'AddFollowUp', call: logged.number, text: 'More' });
    const results = await Promise.all([pipeline.execute(follow), pipeline.execute(follow)]);
    expect(results.map((r) => r.duplicate).sort()).toEqual([false, true]);
    expect(await collect(store.readStream(callStreamName(logged.callId)))).toHaveLength(3);
  });

  async function twoProcesses(kind: 'memory' | 'sqlite'): Promise<[EventStore, EventStore]> {
    if (kind === 'memory') {
      const store = new MemoryEventStore();
      return [store, store];
    }
    const file = temporaryDatabase();
    const a = new SqliteEventStore(file.path);
    const b = new SqliteEventStore(file.path);
    cleanups.push(async () => {
      await a.close();
      await b.close();
      file.remove();
    });
    return [a, b];
  }

  it.each(['memory', 'sqlite'] as const)(
    'two pipelines on one %s store (two processes): exactly one answers duplicate: false',
    async (kind) => {
      const [a, b] = await twoProcesses(kind);
      const first = testPipeline({ store: a }).pipeline;
      const second = testPipeline({ store: b }).pipeline;
      const logged = await first.execute(logCallRequest());
      for (let round = 0; round < 5; round++) {
        const follow = command({ type: 'AddFollowUp', call: logged.number, text: `More ${round}` });
        const results = await Promise.all([first.execute(follow), second.execute(follow)]);
        expect(results.map((r) => r.duplicate).sort()).toEqual([false, true]);
        expect(results[0].position).toBe(results[1].position);
      }
      const request = logCallRequest();
      const results = await Promise.all([first.execute(request), second.execute(request)]);
      expect(results.map((r) => r.duplicate).sort()).toEqual([false, true]);
      expect(results[0].number).toBe(results[1].number);
    },
  );

  it.each(['memory', 'sqlite'] as const)(
    'two pipelines on one %s store: a visit whose agenda the other wrote first answers duplicate: true, not EventIdConflict',
    async (kind) => {
      const [a, b] = await twoProcesses(kind);
      const first = testPipeline({ store: a }).pipeline;
      const second = testPipeline({ store: b }).pipeline;
      const office = [{ from: '00:00', to: '23:59' }];
      await first.execute(
        command({
          type: 'DefineEngineer',
          actor: staff.sam,
          at: '2026-11-23T07:00:00Z',
          engineerId: 'eve',
          from: '2026-01-01',
          groups: ['g'],
          calendar: {
            kind: 'business-hours',
            id: 'office',
            timeZone: 'UTC',
            workingHours: {
              monday: office,
              tuesday: office,
              wednesday: office,
              thursday: office,
              friday: office,
            },
          },
        } as never),
      );
      const logged = await first.execute(logCallRequest({ at: '2026-11-23T08:00:00Z' }));
      const visit = command({
        type: 'ScheduleOnSiteVisit',
        at: '2026-11-23T09:00:00Z',
        call: logged.number,
        engineer: 'eve',
        plannedStart: '2026-11-25T09:00:00Z',
        plannedEnd: '2026-11-25T10:00:00Z',
      } as never);
      // The second process loads the call before the first writes, and reads the engineer's
      // agenda week after: the interleaving two processes met in a race.
      let firstDone!: () => void;
      const firstFinished = new Promise<void>((resolve) => (firstDone = resolve));
      const context = (second as unknown as { context: { engineer(id: string): Promise<unknown> } })
        .context;
      const engineer = context.engineer.bind(context);
      context.engineer = async (id) => {
        await firstFinished;
        return engineer(id);
      };
      const late = second.execute(visit);
      const written = await first.execute(visit);
      firstDone();
      const answered = await late;
      expect([written.duplicate, answered.duplicate]).toEqual([false, true]);
      expect(answered.position).toBe(written.position);
    },
  );
});
