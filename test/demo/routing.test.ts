import { afterAll, describe, expect, it } from 'vitest';
import { Callstream } from '../../src/callstream.js';
import { conditionsHold, routingRule, type RoutingRule } from '../../src/domain/index.js';
import { demoEngineers, regionOfSite, skillsOf } from '../../src/demo/engineers.js';
import { itemGroupOf } from '../../src/demo/organisation.js';
import { DEMO_ROUTING_VERSION, demoRoutingRules } from '../../src/demo/routing-rules.js';
import { DEMO_START, runDemo, SimulatedClock } from '../../src/demo/run.js';
import { temporaryDatabase } from '../support/files.js';

interface Logged {
  readonly item: { readonly item: string };
  readonly subject: { readonly siteId?: string; readonly customerId?: string };
  readonly reopenedFrom?: unknown;
}
interface Routed {
  readonly occasion: string;
  readonly ruleVersion: number;
  readonly rule: string | null;
  readonly explicit: boolean;
  readonly destination: { readonly group?: string; readonly engineer?: string };
}
interface Assigned {
  readonly group?: string;
  readonly engineer?: string;
}

/** Each call's logging, its first routing decision and the assignment that carried it out. */
async function routedCalls(callstream: Callstream) {
  const calls = new Map<string, { logged?: Logged; routed?: Routed; assigned?: Assigned }>();
  for await (const recorded of callstream.store.readAll()) {
    if (!recorded.streamName.startsWith('call-')) continue;
    const call = calls.get(recorded.streamName) ?? {};
    calls.set(recorded.streamName, call);
    const data: unknown = recorded.data;
    if (recorded.type === 'CallLogged') call.logged = data as Logged;
    if (recorded.type === 'CallRouted' && !call.routed) call.routed = data as Routed;
    else if (recorded.type === 'CallAssigned' && call.routed && !call.assigned)
      call.assigned = data as Assigned;
  }
  // Streams named call-… that hold no call (the call numbers') are not calls.
  return [...calls.values()].filter((call) => call.logged !== undefined);
}

describe('the demo routes its calls by the rules it publishes (issue 21)', () => {
  const file = temporaryDatabase();
  afterAll(() => file.remove());

  it('every call has a CallRouted of the demo’s version; the rule held for the call and its destination is where the call went', async () => {
    const clock = new SimulatedClock(DEMO_START);
    const callstream = await Callstream.open({
      file: file.path,
      clock: clock.read,
      notifications: { send: async () => undefined },
    });
    try {
      const summary = await runDemo(callstream, { calls: 300, seed: 3, clock });
      expect(summary.unexpected).toEqual({});
      const rules = new Map<string, RoutingRule>(
        demoRoutingRules().map((rule) => {
          const parsed = routingRule.parse(rule);
          return [parsed.ruleId, parsed];
        }),
      );
      const calls = await routedCalls(callstream);
      expect(calls.length).toBeGreaterThan(250);
      const problems: string[] = [];
      const byRule = new Map<string, number>();
      for (const { logged, routed, assigned } of calls) {
        if (!logged) continue;
        const what = `${logged.item.item} at ${logged.subject.siteId}`;
        if (!routed) {
          problems.push(`${what}: not routed`);
          continue;
        }
        expect(routed).toMatchObject({
          occasion: logged.reopenedFrom ? 'reopened' : 'new',
          ruleVersion: DEMO_ROUTING_VERSION,
          explicit: false,
        });
        const rule = routed.rule === null ? undefined : rules.get(routed.rule);
        if (!rule) {
          problems.push(`${what}: routed by ${routed.rule ?? 'no rule'}`);
          continue;
        }
        byRule.set(rule.ruleId, (byRule.get(rule.ruleId) ?? 0) + 1);
        // The rule's conditions hold for the call's master data: its item's group, its site's region.
        const region = regionOfSite(logged.subject.siteId ?? '');
        const itemGroup =
          logged.item.item === 'extinguisher-6kg' ? 'safety' : itemGroupOf(logged.item.item);
        const facts = { occasion: 'new' as const, itemGroup, ...(region ? { region } : {}) };
        if (!conditionsHold({ ...rule.when, priorities: undefined }, facts))
          problems.push(`${what}: ${rule.ruleId} does not hold for ${itemGroup} in ${region}`);
        // The destination is the rule's, and the call went there.
        const then = rule.then;
        if ('group' in then && routed.destination.group !== then.group)
          problems.push(`${what}: ${rule.ruleId} sent it to ${routed.destination.group}`);
        if (then.kind === 'least-loaded') {
          const engineer = demoEngineers.find((e) => e.id === routed.destination.engineer);
          if (!engineer) problems.push(`${what}: ${rule.ruleId} chose no engineer`);
          else if (!region || !engineer.regions.includes(region))
            problems.push(`${what}: ${engineer.id} does not serve ${region}`);
          else if (
            itemGroup !== 'safety' &&
            !skillsOf(engineer.id).some((s) => s.kind === 'item-group' && s.id === itemGroup)
          )
            problems.push(`${what}: ${engineer.id} is not skilled for ${itemGroup}`);
        }
        expect(assigned).toEqual(expect.objectContaining(routed.destination));
      }
      expect(problems).toEqual([]);
      // Urgent calls, each item group by region, and the planned work's extinguishers all occur.
      for (const ruleId of ['urgent', 'workplace-france', 'servers-italy', 'safety-france'])
        expect(byRule.get(ruleId) ?? 0).toBeGreaterThan(0);
      // Balancing spreads the work: every engineer gets calls from routing.
      const routedTo = new Set(calls.map((c) => c.routed?.destination.engineer));
      for (const engineer of demoEngineers) expect(routedTo).toContain(engineer.id);
      const report = await callstream.routeWhatIf(DEMO_ROUTING_VERSION);
      expect(report.calls).toBe(calls.length);
    } finally {
      await callstream.close();
    }
  }, 600_000);
});
