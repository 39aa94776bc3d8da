import type { DiagnosisCodes, DomainEvent, KnowledgeKind } from '../../domain/index.js';
import { CALL_STREAM_PREFIX } from '../../streams/call.js';
import type { Document, Documents, ProjectedEvent, Projection } from '../types.js';

/**
 * Service knowledge over resolved calls (C1): every resolution of a call is an outcome —
 * the item and product, the coded problem, cause and solution and the diagnosis's words —
 * and what became of it: it stayed solved, the customer rejected it, or the call came back
 * (a bad-fix reopen). Queries (query.ts) rank solutions by these outcomes.
 *
 * Privacy: the outcomes copy no personal value. The description (the requester's words) is
 * never stored here; the diagnosis's words are written about the work, not a person, and are
 * not sealed in the events either (docs/privacy.md). So the FTS index holds nothing a
 * forgetting must reach, and the read model is not rebuilt on ForgetPerson.
 */
export const KNOWLEDGE_PROJECTION = 'knowledge';

/** A code of the catalogue as the queries show it: its current version. */
export interface CodeDocument extends Document {
  kind: KnowledgeKind;
  code: string;
  version: number;
  titles: Record<string, string>;
  products: string[];
  items: string[];
  retired: boolean;
}

export type OutcomeFailure = 'rejected' | 'reopened';

/** One resolution of one call, and whether it held. */
export interface OutcomeDocument extends Document {
  callId: string;
  number: string;
  attempt: number;
  item: string | null;
  product: string | null;
  problem: string | null;
  cause: string | null;
  solution: string | null;
  /** The resolution's words (CallResolved.solution). */
  resolution: string;
  loggedAt: string;
  resolvedAt: string;
  failure: OutcomeFailure | null;
  /** Whether it was rejected or reopened, for the index of the resolutions that held. */
  failed: boolean;
  failedAt: string | null;
  /** What `search` finds the outcome by: the diagnosis's words, the codes' titles, item and product. */
  words: string;
}

/** A call as far as its outcomes need it, while it is worked. */
interface CallDocument extends Document {
  number: string;
  loggedAt: string;
  item: string | null;
  product: string | null;
  symptom: string | null;
  cause: string | null;
  solution: string | null;
  codes: DiagnosisCodes;
  attempts: number;
}

const eventTypes = new Set([
  'CallLogged',
  'CallDetailsCorrected',
  'CallClassified',
  'DiagnosisRecorded',
  'CallResolved',
  'SolutionRejected',
  'CallReopened',
  'KnowledgeCodeDefined',
  'KnowledgeCodeRetired',
]);

export const codeKey = (kind: KnowledgeKind, code: string): string => `${kind}/${code}`;
export const outcomeKey = (callId: string, attempt: number): string =>
  `${callId}/${String(attempt).padStart(3, '0')}`;

export const knowledgeProjection: Projection = {
  name: KNOWLEDGE_PROJECTION,
  version: 1,
  collections: {
    codes: { indexes: [['kind', 'code']] },
    calls: {},
    outcomes: {
      indexes: [
        ['item', 'resolvedAt'],
        ['product', 'resolvedAt'],
        ['problem', 'resolvedAt'],
        ['failed', 'resolvedAt'],
        // The last outcome resolved by an instant: where a search as of it ends (SearchOptions.until).
        ['resolvedAt'],
        ['callId'],
      ],
      fullText: { field: 'words' },
    },
  },
  forgetting: { rebuildFor: [] },
  eventTypes,
  apply(projected: ProjectedEvent, documents: Documents): void {
    const { event } = projected;
    if (event.type === 'KnowledgeCodeDefined' || event.type === 'KnowledgeCodeRetired')
      return applyCode(event, documents);
    if (!projected.streamName.startsWith(CALL_STREAM_PREFIX)) return;
    const callId = projected.streamName.slice(CALL_STREAM_PREFIX.length);
    applyCall(callId, event, documents);
  },
};

function applyCode(event: DomainEvent, documents: Documents): void {
  if (event.type === 'KnowledgeCodeDefined') {
    const { kind, code, version, titles, products, items } = event.data;
    documents.put('codes', codeKey(kind, code), {
      kind,
      code,
      version,
      titles,
      products,
      items,
      retired: false,
    } satisfies CodeDocument);
  } else if (event.type === 'KnowledgeCodeRetired') {
    const key = codeKey(event.data.kind, event.data.code);
    const known = documents.get<CodeDocument>('codes', key);
    if (known) documents.put('codes', key, { ...known, retired: true });
  }
}

function applyCall(callId: string, event: DomainEvent, documents: Documents): void {
  if (event.type === 'CallLogged') {
    const { number, at, item } = event.data;
    documents.put('calls', callId, {
      number,
      loggedAt: at.toISOString(),
      item: item.item ?? null,
      product: event.data.subject.kind === 'product' ? event.data.subject.productId : null,
      symptom: null,
      cause: null,
      solution: null,
      codes: {},
      attempts: 0,
    } satisfies CallDocument);
    return;
  }
  const call = documents.get<CallDocument>('calls', callId);
  if (!call) return;
  switch (event.type) {
    case 'CallDetailsCorrected':
      if (event.data.item?.item !== undefined)
        documents.put('calls', callId, { ...call, item: event.data.item.item });
      return;
    case 'CallClassified':
      if (event.data.product !== undefined)
        documents.put('calls', callId, { ...call, product: event.data.product });
      return;
    case 'DiagnosisRecorded': {
      const { symptom, cause, solution, codes } = event.data;
      documents.put('calls', callId, {
        ...call,
        symptom: symptom ?? call.symptom,
        cause: cause ?? call.cause,
        solution: solution ?? call.solution,
        codes: { ...call.codes, ...codes },
      });
      return;
    }
    case 'CallResolved': {
      const attempt = call.attempts + 1;
      documents.put('calls', callId, { ...call, attempts: attempt });
      documents.put(
        'outcomes',
        outcomeKey(callId, attempt),
        outcome(callId, attempt, call, event.data, documents),
      );
      return;
    }
    case 'SolutionRejected':
    case 'CallReopened': {
      if (call.attempts === 0) return;
      const key = outcomeKey(callId, call.attempts);
      const last = documents.get<OutcomeDocument>('outcomes', key);
      if (last?.failure === null)
        documents.put('outcomes', key, {
          ...last,
          failure: event.type === 'SolutionRejected' ? 'rejected' : 'reopened',
          failed: true,
          failedAt: event.data.at.toISOString(),
        } satisfies OutcomeDocument);
      return;
    }
    default:
      return;
  }
}

function outcome(
  callId: string,
  attempt: number,
  call: CallDocument,
  resolved: { readonly at: Date; readonly solution: string },
  documents: Documents,
): OutcomeDocument {
  const titles = (['problem', 'cause', 'solution'] as const).flatMap((kind) => {
    const code = call.codes[kind];
    const known =
      code === undefined ? undefined : documents.get<CodeDocument>('codes', codeKey(kind, code));
    return known ? Object.values(known.titles) : [];
  });
  const words = [
    call.item,
    call.product,
    call.symptom,
    call.cause,
    call.solution,
    resolved.solution,
  ]
    .concat(titles)
    .filter((part): part is string => typeof part === 'string')
    .join('\n');
  return {
    callId,
    number: call.number,
    attempt,
    item: call.item,
    product: call.product,
    problem: call.codes.problem ?? null,
    cause: call.codes.cause ?? null,
    solution: call.codes.solution ?? null,
    resolution: resolved.solution,
    loggedAt: call.loggedAt,
    resolvedAt: resolved.at.toISOString(),
    failure: null,
    failed: false,
    failedAt: null,
    words,
  };
}
