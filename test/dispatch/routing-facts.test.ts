import { afterEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { Callstream } from '../../src/callstream.js';
import type { routingRules } from '../../src/domain/index.js';
import { loadCall } from '../../src/streams/index.js';
import { serviceCompany } from '../support/company.js';
import { command, logCallRequest, staff } from '../support/pipeline.js';
import { defineEngineer, fieldGroup } from './support.js';

/**
 * Issue 21: routing reads the call's site region and item group from master data, as of the
 * command's day, in the pipeline and in the what-if alike. Acme (test/support/company.ts)
 * has sites paris and rome; SRV-1 is a server-r740 at paris.
 */

const publish = (effectiveFrom: string, rules: z.input<typeof routingRules>) =>
  command({ type: 'PublishRoutingRules', actor: staff.sam, effectiveFrom, rules });

const siteRegion = (siteId: string, region: string, from: string) =>
  command({ type: 'SetSiteRegion', actor: staff.sam, customerId: 'acme', siteId, region, from });

const itemGroup = (item: string, group: string, from = '2026-01-01') =>
  command({ type: 'DefineItem', actor: staff.sam, item, from, itemGroup: group });

/** A call about SRV-1 at Acme Paris, on a given instant. */
const serverCall = (at: string) =>
  logCallRequest({
    at,
    reporter: { name: 'Claire', email: 'claire@acme.example' },
    item: { item: 'server-r740', serialNumber: 'SRV-1' },
  });

/** The service company with the groups these rules send calls to (a rule to no active group cannot be met). */
async function routedCompany() {
  const company = await serviceCompany();
  for (const groupId of ['fr', 'it', 'srv', 'nord'])
    await company.callstream.execute(
      command({
        type: 'DefineGroup',
        actor: staff.sam,
        groupId,
        name: groupId,
        kind: 'work',
        members: [],
      }),
    );
  return company;
}

/** eve serves France, bob Italy, ann everywhere but is in another group: all in `field`, skilled for servers. */
async function fieldTeam(callstream: Callstream) {
  const engineer = (engineerId: string, areas: Array<{ kind: 'region'; id: string }>) =>
    callstream.execute({
      ...defineEngineer(engineerId),
      skills: [{ kind: 'item-group', id: 'servers' }],
      areas,
    });
  await engineer('eve', [{ kind: 'region', id: 'france' }]);
  await engineer('bob', [{ kind: 'region', id: 'italy' }]);
  await callstream.execute(fieldGroup(['bob', 'eve']));
}

describe('routing facts from master data (issue 21)', () => {
  let callstream: Callstream | undefined;
  afterEach(async () => callstream?.close());

  it('given the site in region france and the item in group servers, rules on region and on item group match', async () => {
    ({ callstream } = await routedCompany());
    await callstream.execute(siteRegion('paris', 'france', '2026-01-01'));
    await callstream.execute(itemGroup('server-r740', 'servers'));
    await callstream.execute(
      publish('2026-01-01T00:00:00Z', [
        { ruleId: 'italy', when: { regions: ['italy'] }, then: { kind: 'group', group: 'it' } },
        { ruleId: 'france', when: { regions: ['france'] }, then: { kind: 'group', group: 'fr' } },
      ]),
    );
    const byRegion = await callstream.execute(serverCall('2026-11-24T09:00:00Z'));
    expect(byRegion.state.routing).toMatchObject({ rule: 'france', destination: { group: 'fr' } });

    await callstream.execute(
      publish('2026-02-01T00:00:00Z', [
        { ruleId: 'pcs', when: { itemGroups: ['workplace'] }, then: { kind: 'default' } },
        {
          ruleId: 'servers',
          when: { itemGroups: ['servers'] },
          then: { kind: 'group', group: 'srv' },
        },
      ]),
    );
    const byGroup = await callstream.execute(serverCall('2026-11-24T10:00:00Z'));
    expect(byGroup.state.routing).toMatchObject({ rule: 'servers', ruleVersion: 2 });
    expect(byGroup.state.dispatch.group).toBe('srv');
  });

  it('least-loaded picks only an engineer who serves the call’s region; in the what-if too', async () => {
    ({ callstream } = await routedCompany());
    await fieldTeam(callstream);
    await callstream.execute(siteRegion('paris', 'france', '2026-01-01'));
    await callstream.execute(siteRegion('rome', 'italy', '2026-01-01'));
    await callstream.execute(itemGroup('server-r740', 'servers'));
    // eve already has open work: by load alone bob would go.
    const earlier = await callstream.execute(serverCall('2026-11-23T09:00:00Z'));
    await callstream.execute(
      command({ type: 'AssignCall', call: earlier.number, engineer: 'eve' }),
    );
    await callstream.execute(
      publish('2026-01-01T00:00:00Z', [
        {
          ruleId: 'field',
          when: { skills: [{ kind: 'item-group', id: 'servers' }] },
          then: { kind: 'least-loaded', group: 'field' },
        },
      ]),
    );
    const routed = await callstream.execute(serverCall('2026-11-24T09:00:00Z'));
    expect(routed.state.routing).toMatchObject({
      rule: 'field',
      destination: { group: 'field', engineer: 'eve' },
    });
    const report = await callstream.routeWhatIf(1);
    expect(report.rows.find((r) => r.number === routed.number)?.routed).toMatchObject({
      ruleId: 'field',
      engineer: 'eve',
    });
    // The earlier call, routed by the what-if on its facts: eve serves paris, bob does not.
    expect(report.rows.find((r) => r.number === earlier.number)?.routed.engineer).toBe('eve');
  });

  it('facts are master data as of the command’s day; a replay after master data changes gives the recorded decision', async () => {
    ({ callstream } = await routedCompany());
    await callstream.execute(siteRegion('paris', 'france', '2026-01-01'));
    // From 25 November Paris is served from the north region.
    await callstream.execute(siteRegion('paris', 'north', '2026-11-25'));
    await callstream.execute(
      publish('2026-01-01T00:00:00Z', [
        { ruleId: 'france', when: { regions: ['france'] }, then: { kind: 'group', group: 'fr' } },
        { ruleId: 'north', when: { regions: ['north'] }, then: { kind: 'group', group: 'nord' } },
      ]),
    );
    const before = await callstream.execute(serverCall('2026-11-24T09:00:00Z'));
    const after = await callstream.execute(serverCall('2026-11-25T09:00:00Z'));
    expect(before.state.routing).toMatchObject({ rule: 'france' });
    expect(after.state.routing).toMatchObject({ rule: 'north' });

    // Master data changes again (dated, appended): the recorded decisions stand.
    await callstream.execute(siteRegion('paris', 'south', '2026-11-26'));
    await callstream.execute(itemGroup('server-r740', 'servers'));
    for (const call of [before, after])
      expect((await loadCall(callstream.store, call.callId)).state).toEqual(call.state);
    // The what-if reads master data as of each call's day, as the pipeline did.
    const report = await callstream.routeWhatIf(1);
    const row = (n: string) => report.rows.find((r) => r.number === n)!;
    expect(row(before.number)).toMatchObject({ routed: { ruleId: 'france' }, differs: false });
    expect(row(after.number)).toMatchObject({ routed: { ruleId: 'north' }, differs: false });
  });

  it('a site region dated before the site’s last change is refused; the same day replaces it', async () => {
    ({ callstream } = await routedCompany());
    await callstream.execute(siteRegion('paris', 'france', '2026-03-01'));
    await expect(
      callstream.execute(siteRegion('paris', 'north', '2026-02-01')),
    ).rejects.toMatchObject({ code: 'RegionBeforeLast' });
    await expect(
      callstream.execute(siteRegion('lyon', 'france', '2026-03-01')),
    ).rejects.toMatchObject({ code: 'SiteNotFound' });
    await callstream.execute(siteRegion('paris', 'north', '2026-03-01'));
    await expect(
      callstream.execute(itemGroup('server-r740', 'servers', '2026-03-01')),
    ).resolves.toBeDefined();
    await expect(
      callstream.execute(itemGroup('server-r740', 'racks', '2026-02-01')),
    ).rejects.toMatchObject({ code: 'ItemVersionBeforeLast' });
  });
});
