import { describe, expect, it } from 'vitest';
import { v4 as uuid } from 'uuid';
import { Forbidden } from '../../src/commands/errors.js';
import type { AggregateResult } from '../../src/commands/pipeline.js';
import { command, logCallRequest, staff, testPipeline } from '../support/pipeline.js';

describe('the pipeline for aggregates other than the call (organisation)', () => {
  it('runs organisation commands, idempotently, for supervisors only, and routes calls by them', async () => {
    const { pipeline } = testPipeline();
    const define = {
      type: 'DefineGroup',
      commandId: uuid(),
      actor: staff.sam,
      groupId: 'servers-l1',
      name: 'Servers level I',
      kind: 'service-level',
      level: 1,
      members: ['eve'],
    };
    const first = (await pipeline.executeJson(define)) as AggregateResult;
    expect(first).toMatchObject({
      aggregate: 'organisation',
      streamName: 'organisation',
      revision: 0n,
      duplicate: false,
    });
    expect(((await pipeline.executeJson(define)) as AggregateResult).duplicate).toBe(true);
    await expect(
      pipeline.executeJson({ ...define, commandId: uuid(), actor: staff.ann }),
    ).rejects.toBeInstanceOf(Forbidden);
    await pipeline.execute({
      type: 'SetDefaultDestination',
      commandId: uuid(),
      actor: staff.sam,
      destination: { kind: 'group', id: 'servers-l1' },
    });

    const logged = await pipeline.execute(logCallRequest());
    expect(logged.state.dispatch).toEqual({ group: 'servers-l1' });
    await expect(
      pipeline.execute(command({ type: 'AssignCall', call: logged.number, group: 'plumbing' })),
    ).rejects.toMatchObject({ code: 'GroupNotFound' });
    const assigned = await pipeline.execute(
      command({ type: 'AssignCall', call: logged.number, group: 'servers-l1', engineer: 'eve' }),
    );
    expect(assigned.state.status).toBe('Assigned');
  });
});
