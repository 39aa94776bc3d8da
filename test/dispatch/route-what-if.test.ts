import { afterEach, describe, expect, it } from 'vitest';
import { Callstream } from '../../src/callstream.js';
import { command, logCallRequest, staff } from '../support/pipeline.js';
import { defineEngineer } from './support.js';

describe('routing what-if (issue 21)', () => {
  let callstream: Callstream | undefined;
  afterEach(async () => callstream?.close());

  it('routes every call under a version beside where it went, naming the rule; writes nothing', async () => {
    callstream = await Callstream.open({ customerValidation: false });
    // eve serves the site the calls are at (paris); routing matches it.
    await callstream.execute({ ...defineEngineer('eve'), areas: [{ kind: 'site', id: 'paris' }] });
    await callstream.execute(defineEngineer('bob'));
    const a = (
      await callstream.execute(
        logCallRequest({ intake: { mode: 'knowledgeable', channel: 'email' } }),
      )
    ).number;
    const b = (await callstream.execute(logCallRequest())).number;
    await callstream.execute(command({ type: 'AssignCall', call: a, engineer: 'bob' }));
    await callstream.execute(command({ type: 'AssignCall', call: b, engineer: 'eve' }));
    await callstream.execute(
      command({
        type: 'PublishRoutingRules',
        actor: staff.sam,
        effectiveFrom: '2026-01-01T00:00:00Z',
        rules: [
          {
            ruleId: 'mail-to-eve',
            when: { channels: ['email'] },
            then: { kind: 'engineer', engineer: 'eve' },
          },
        ],
      }),
    );
    const head = await callstream.store.headPosition();
    const report = await callstream.routeWhatIf(1);
    expect(report.calls).toBe(2);
    expect(report.rows.find((r) => r.number === a)).toMatchObject({
      actual: { engineer: 'bob' },
      routed: { ruleId: 'mail-to-eve', engineer: 'eve', version: 1 },
      differs: true,
    });
    expect(report.rows.find((r) => r.number === b)).toMatchObject({
      routed: { ruleId: null, toDefault: true },
      differs: false,
    });
    expect(report.byRule).toEqual(
      expect.arrayContaining([
        { ruleId: 'mail-to-eve', calls: 1 },
        { ruleId: '(default)', calls: 1 },
      ]),
    );
    expect(await callstream.store.headPosition()).toBe(head);
    await expect(callstream.routeWhatIf(2)).rejects.toMatchObject({ code: 'RoutingRulesNotFound' });
  });
});
