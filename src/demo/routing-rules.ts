import { regions } from './engineers.js';
import { groupOfItemGroup, itemGroupOf, itemGroups, items } from './organisation.js';

/** The version the demo's setup publishes: the only one, unless someone publishes more. */
export const DEMO_ROUTING_VERSION = 1;

/**
 * How the demo company routes its calls (issue 21), first rule first:
 * - urgent calls coming in (priority 1, new or reopened) to the dispatch desk, whose
 *   dispatcher hands them on at once (a call back from second line goes by its item group);
 * - each item group in each region to the least-loaded engineer of the item group's
 *   first-line group who serves the region and is skilled for the item group;
 * - safety equipment (extinguishers, planned work) to the facilities group's engineer of the region;
 * - each item group to its group (when nobody there serves the region);
 * - anything else to the default destination (the supervisor).
 */
export function demoRoutingRules(): Array<Record<string, unknown>> {
  return [
    {
      ruleId: 'urgent',
      when: { occasions: ['new', 'reopened'], priorities: [1] },
      then: { kind: 'group', group: 'dispatch' },
    },
    ...itemGroups.flatMap((itemGroup) =>
      regions.map((region) => ({
        ruleId: `${itemGroup}-${region}`,
        when: {
          itemGroups: [itemGroup],
          regions: [region],
          skills: [{ kind: 'item-group', id: itemGroup }],
        },
        then: { kind: 'least-loaded', group: groupOfItemGroup[itemGroup] },
      })),
    ),
    // Extinguishers (planned work, planned-setup.ts): facilities, by region.
    ...regions.map((region) => ({
      ruleId: `safety-${region}`,
      when: { itemGroups: ['safety'], regions: [region] },
      then: { kind: 'least-loaded', group: 'facilities' },
    })),
    ...itemGroups.map((itemGroup) => ({
      ruleId: itemGroup,
      when: { itemGroups: [itemGroup] },
      then: { kind: 'group', group: groupOfItemGroup[itemGroup] },
    })),
    {
      ruleId: 'safety',
      when: { itemGroups: ['safety'] },
      then: { kind: 'group', group: 'facilities' },
    },
  ];
}

/** The item master (each item's group) and the routing rules, as the supervisor records them. */
export function routingCommands(year: number): Array<Record<string, unknown>> {
  return [
    ...items.map((item) => ({
      type: 'DefineItem',
      item,
      from: `${year}-01-01`,
      itemGroup: itemGroupOf(item),
    })),
    {
      type: 'PublishRoutingRules',
      effectiveFrom: `${year}-01-01T00:00:00Z`,
      rules: demoRoutingRules(),
    },
  ];
}
