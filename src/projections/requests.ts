import {
  evolveRequest,
  requestEventSchemas,
  type CallRequest,
  type RequestEvent,
} from '../domain/index.js';
import type {
  Document,
  Documents,
  Filter,
  ProjectedEvent,
  Projection,
  ReadModelStore,
} from './types.js';

/**
 * The inboxes (A6): every request that arrived, where it waits, and what became of it. A
 * request's document is the request itself (instants as ISO strings), so an agent sees
 * the sender, the text and, for a refused one, the reason.
 */
export const REQUESTS_PROJECTION = 'requests';

export interface InboxEntry extends Document {
  requestId: string;
  inbox: string;
  channel: string;
  status: CallRequest['status'];
  sender: CallRequest['sender'];
  summary: string;
  receivedAt: string;
  refusal: { reason: string; message: string } | null;
  callNumber: string | null;
  declined: string | null;
  waitingFor: { code: string; message: string } | null;
}

const eventTypes = new Set(Object.keys(requestEventSchemas));

export const requestsProjection: Projection = {
  name: REQUESTS_PROJECTION,
  // 2: waitingFor (why the system's acceptance left a request waiting).
  version: 2,
  collections: {
    requests: {
      indexes: [
        ['status', 'receivedAt'],
        ['inbox', 'status', 'receivedAt'],
      ],
      // What the sender wrote and who they are, sealed under their key in the store (docs/privacy.md).
      privacy: {
        fields: [
          'sender.*',
          'summary',
          'state.sender.*',
          'state.summary',
          'state.body',
          'state.attachments.*.uri',
          'state.attachments.*.fileName',
        ].map((path) => ({ path, subject: (key: string) => `sender:${key}` })),
      },
    },
  },
  forgetting: { rebuildFor: [] },
  eventTypes,
  apply(projected: ProjectedEvent, documents: Documents): void {
    const requestId = projected.streamName.slice('request-'.length);
    const before = documents.get<InboxEntry & { state: CallRequest }>('requests', requestId);
    const state = evolveRequest(
      before ? revive(before.state) : null,
      projected.event as RequestEvent,
    );
    if (!state) return;
    documents.put('requests', requestId, {
      requestId,
      inbox: state.inbox,
      channel: state.channel,
      status: state.status,
      sender: state.sender,
      summary: state.summary,
      receivedAt: state.receivedAt.toISOString(),
      refusal: state.refusal ?? null,
      callNumber: state.call?.number ?? null,
      declined: state.declined ?? null,
      waitingFor: state.waitingFor ?? null,
      state: { ...state, receivedAt: state.receivedAt.toISOString() },
    });
  },
};

/** The stored state keeps its one instant as an ISO string. */
function revive(state: CallRequest): CallRequest {
  return { ...state, receivedAt: new Date(state.receivedAt) };
}

export interface InboxQuery {
  readonly inbox?: string;
  /** Waiting (default) includes refused requests: both wait for someone. */
  readonly status?: CallRequest['status'] | ReadonlyArray<CallRequest['status']>;
  readonly limit?: number;
}

/** The requests in an inbox, oldest first. */
export function queryInbox(readModels: ReadModelStore, query: InboxQuery = {}): InboxEntry[] {
  return readModels
    .find<InboxEntry & { state?: unknown }>(REQUESTS_PROJECTION, 'requests', inboxFilter(query), {
      orderBy: 'receivedAt',
      ...(query.limit === undefined ? {} : { limit: query.limit }),
    })
    .map(({ state: _state, ...entry }) => entry);
}

/** How many requests the inbox query finds without its limit (counting stops at `upTo`). */
export const countInbox = (
  readModels: ReadModelStore,
  query: InboxQuery = {},
  upTo?: number,
): number =>
  readModels.count(
    REQUESTS_PROJECTION,
    'requests',
    inboxFilter(query),
    upTo === undefined ? {} : { upTo },
  );

function inboxFilter(query: InboxQuery): Filter {
  const filter: Record<string, Filter[string]> = { status: query.status ?? ['waiting', 'refused'] };
  if (query.inbox) filter.inbox = query.inbox;
  return filter;
}
