import { inTimeOrder } from '../shared/time-order.js';
import { z } from 'zod';
import { DomainError } from '../shared/errors.js';
import type { Decider } from '../shared/decider.js';
import {
  day,
  shortText,
  storedInstant,
  type CommandsOf,
  type EventsOf,
  type Role,
} from '../shared/schema.js';

/**
 * Items (products) as master data (issue 21): the item group each belongs to, as of a day,
 * as an ERP's material master holds it. Routing rules and engineers' skills name item
 * groups; a call names only its item. One stream per item, item-<item>, whose id is the
 * same short text as a call's and the installed base's item.
 */
export const ITEM_STREAM_PREFIX = 'item-';
export const itemStreamName = (item: string): string => `${ITEM_STREAM_PREFIX}${item}`;

export const itemCommandSchemas = {
  /**
   * The item's group from a day on: a new version, as of `from`. Each must start on or
   * after the last one's day (history is appended; the same day replaces it).
   */
  DefineItem: z.strictObject({ item: shortText, from: day, itemGroup: shortText }),
} as const;

export const itemEventSchemas = {
  ItemDefined: z.object({ at: storedInstant, item: shortText, from: day, itemGroup: shortText }),
} as const;

export type ItemCommand = CommandsOf<typeof itemCommandSchemas>;
export type ItemCommandType = keyof typeof itemCommandSchemas;
export type ItemEvent = EventsOf<typeof itemEventSchemas>;

/** One version of an item's master data: what holds from `from` until the next version. */
export interface ItemVersion {
  readonly from: string;
  readonly itemGroup: string;
}

export interface Item {
  readonly item: string;
  /** In order of `from`; a later version on the same day replaces the earlier one. */
  readonly versions: readonly ItemVersion[];
}

export type ItemState = Item | null;

/** Who keeps the item master: supervisors, and the system (an ERP synchronisation). */
export const itemPermissions: Readonly<Record<ItemCommandType, readonly Role[]>> = {
  DefineItem: ['supervisor', 'system'],
};

/** The item group that holds on a day (YYYY-MM-DD): none before the first version. */
export function itemGroupAsOf(state: ItemState, day: string): string | undefined {
  let found: string | undefined;
  for (const version of state?.versions ?? []) if (version.from <= day) found = version.itemGroup;
  return found;
}

export const itemDecider: Decider<ItemState, ItemCommand, ItemEvent> = {
  initialState: () => null,
  decide: inTimeOrder(({ at, item, from, itemGroup }, state) => {
    const last = state?.versions[state.versions.length - 1];
    if (last && from < last.from)
      throw new DomainError(
        'ItemVersionBeforeLast',
        `Item ${item}'s group from ${from} would start before the one from ${last.from}: history is appended, not rewritten`,
        { item, from, lastFrom: last.from },
      );
    return [{ type: 'ItemDefined', data: { at, item, from, itemGroup } }];
  }, 'the item'),
  evolve: (state, { data: { item, from, itemGroup } }) => ({
    item,
    versions: [...(state?.versions ?? []).filter((v) => v.from < from), { from, itemGroup }],
  }),
};
