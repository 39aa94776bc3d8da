import { inTimeOrder } from '../shared/time-order.js';
import type { Decider } from '../shared/decider.js';
import { DomainError } from '../shared/errors.js';
import { entryOf } from '../shared/objects.js';
import type { DiagnosisCodes, KnowledgeCommand, KnowledgeEvent, KnowledgeKind } from './schemas.js';

export interface KnowledgeCodeVersion {
  readonly version: number;
  readonly at: Date;
  readonly titles: Readonly<Record<string, string>>;
  readonly products: readonly string[];
  readonly items: readonly string[];
}

export interface KnowledgeCode {
  readonly kind: KnowledgeKind;
  readonly code: string;
  /** In the order they were defined; the last is current. */
  readonly versions: readonly KnowledgeCodeVersion[];
  readonly retired: boolean;
}

/** Every code by kind; the maps are null-prototype objects keyed by code (codes are user data). */
export interface KnowledgeCatalogue {
  readonly problem: Readonly<Record<string, KnowledgeCode>>;
  readonly cause: Readonly<Record<string, KnowledgeCode>>;
  readonly solution: Readonly<Record<string, KnowledgeCode>>;
}

const none = (): Record<string, KnowledgeCode> =>
  Object.create(null) as Record<string, KnowledgeCode>;
export const initialKnowledge = (): KnowledgeCatalogue => ({
  problem: none(),
  cause: none(),
  solution: none(),
});

export function knowledgeCode(
  catalogue: KnowledgeCatalogue,
  kind: KnowledgeKind,
  code: string,
): KnowledgeCode | undefined {
  const codes = catalogue[kind];
  return entryOf(codes, code);
}

export const latestVersion = (code: KnowledgeCode): KnowledgeCodeVersion =>
  code.versions[code.versions.length - 1]!;

/** The title in a language, else English, else the first one defined. */
export function titleIn(version: Pick<KnowledgeCodeVersion, 'titles'>, language = 'en'): string {
  return version.titles[language] ?? version.titles.en ?? Object.values(version.titles)[0]!;
}

export function decideKnowledge(
  command: KnowledgeCommand,
  state: KnowledgeCatalogue,
): KnowledgeEvent[] {
  const { at, kind, code } = command;
  const known = knowledgeCode(state, kind, code);
  switch (command.type) {
    case 'DefineKnowledgeCode': {
      const titles = Object.fromEntries(Object.entries(command.titles));
      const products = [...new Set(command.products)];
      const items = [...new Set(command.items)];
      const last = known && !known.retired ? latestVersion(known) : undefined;
      if (last && same(last, { titles, products, items }))
        throw new DomainError('NothingToChange', `The ${kind} ${code} is already defined so`);
      const version = (known?.versions.length ?? 0) + 1;
      return [
        {
          type: 'KnowledgeCodeDefined',
          data: { at, kind, code, version, titles, products, items },
        },
      ];
    }
    case 'RetireKnowledgeCode':
      if (!known || known.retired)
        throw new DomainError('KnowledgeCodeNotFound', `No ${kind} ${code} in use`, { kind, code });
      return [{ type: 'KnowledgeCodeRetired', data: { at, kind, code } }];
  }
}

function same(
  version: KnowledgeCodeVersion,
  next: Pick<KnowledgeCodeVersion, 'titles' | 'products' | 'items'>,
): boolean {
  const key = (v: Pick<KnowledgeCodeVersion, 'titles' | 'products' | 'items'>) =>
    JSON.stringify([Object.entries(v.titles).sort(), [...v.products].sort(), [...v.items].sort()]);
  return key(version) === key(next);
}

export function evolveKnowledge(
  state: KnowledgeCatalogue,
  event: KnowledgeEvent,
): KnowledgeCatalogue {
  const { kind, code } = event.data;
  const known = knowledgeCode(state, kind, code);
  const codes = Object.assign(none(), state[kind]);
  switch (event.type) {
    case 'KnowledgeCodeDefined': {
      const { at, version, titles, products, items } = event.data;
      codes[code] = {
        kind,
        code,
        versions: [...(known?.versions ?? []), { version, at, titles, products, items }],
        retired: false,
      };
      break;
    }
    case 'KnowledgeCodeRetired':
      if (!known) return state;
      codes[code] = { ...known, retired: true };
      break;
  }
  return { ...state, [kind]: codes };
}

/** The catalogue as one value: one stream, empty until the first code is defined. */
export const knowledgeDecider: Decider<KnowledgeCatalogue, KnowledgeCommand, KnowledgeEvent> = {
  initialState: initialKnowledge,
  decide: inTimeOrder(decideKnowledge, 'the knowledge catalogue'),
  evolve: evolveKnowledge,
};

/** What a diagnosis is about, for checking a code's scope. */
export interface DiagnosedItem {
  readonly item?: string;
  readonly product?: string;
}

/**
 * The codes a diagnosis gives, checked against the catalogue: each must be defined, not
 * retired, and apply to the call's item or product when the code names any.
 */
export function ensureKnownCodes(
  catalogue: KnowledgeCatalogue,
  codes: DiagnosisCodes,
  about: DiagnosedItem,
): void {
  for (const kind of ['problem', 'cause', 'solution'] as const) {
    const code = codes[kind];
    if (code === undefined) continue;
    const known = knowledgeCode(catalogue, kind, code);
    if (!known || known.retired) {
      const inUse = Object.values(catalogue[kind]).filter((c) => !c.retired).length;
      throw new DomainError(
        'KnowledgeCodeNotFound',
        `No ${kind} ${code} in the knowledge catalogue (${inUse} ${kind} codes in use; see DefineKnowledgeCode)`,
        { kind, code },
      );
    }
    const { products, items } = latestVersion(known);
    const scoped = products.length > 0 || items.length > 0;
    const applies =
      (about.item !== undefined && items.includes(about.item)) ||
      (about.product !== undefined && products.includes(about.product));
    if (scoped && !applies) {
      throw new DomainError(
        'KnowledgeCodeNotForItem',
        `The ${kind} ${code} applies to ${[...products, ...items].join(', ')}, not to ${about.item ?? about.product ?? 'a call without item or product'}`,
        { kind, code },
      );
    }
  }
}
