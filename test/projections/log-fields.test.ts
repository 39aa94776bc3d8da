import { beforeAll, describe, expect, it } from 'vitest';
import {
  callEventSchemas,
  callEventTypes,
  decodeStored,
  evolveCall,
  type CallEvent,
  type CallState,
} from '../../src/domain/index.js';
import { diffState, type LogValue } from '../../src/projections/diff.js';
import { loggedFields, pathsOf, type FieldShown } from '../../src/projections/log-fields.js';
import { logBuilder, type LogEntry } from '../../src/projections/transaction-log.js';
import type { RecordedEvent } from '../../src/store/port.js';
import { catalogueCalls } from '../support/catalogue-calls.js';

/**
 * Optional fields the catalogue's story never fills, each given to an event of its type as
 * recorded there, so that every field of every schema is rendered at least once.
 */
const file = (attachmentId: string) => ({
  attachmentId,
  uri: `https://files.example/${attachmentId}.jpg`,
  mediaType: 'image/jpeg',
  size: 2048,
  sha256: 'ab'.repeat(32),
  fileName: 'defect.jpg',
  customerVisible: true,
});
const override = { reason: 'Customer insists', conflicts: [] };
const onTransfer = { note: 'Spare from stock', transferId: 'T1', chargeable: true };
const fillers: Readonly<Record<string, Record<string, unknown>>> = {
  CallLogged: {
    customerReference: 'PO-4711',
    namedSiteId: 'lyon',
    namedItem: 'server-r640',
    reopenedFrom: { callId: '6f1c0a34-9a4e-4f0e-8a39-1f3d8c1b2a01', number: 'C-000099' },
    attachments: [file('A1')],
  },
  FollowUpAdded: { requestId: 'req-7', attachments: [file('A8')] },
  CallDetailsCorrected: {
    customerReference: 'PO-4712',
    reporter: { name: 'Joan Doe', email: 'joan@example.com', phone: '+33 1 23 45 67 89' },
    item: { installation: 'Rack 4', item: 'server-r640', serialNumber: 'SRV-77' },
  },
  CallEvaluated: { category: 'hardware', summary: 'Dead power supply' },
  CallAssigned: { supportCentre: 'lyon-centre', owner: 'sam' },
  CallAcknowledged: { customerId: 'acme', contactId: 'zeb' },
  CallClassified: { product: 'servers' },
  DiagnosisRecorded: { solution: 'Replace the PSU', attachments: [file('A9')] },
  OnSiteVisitScheduled: { siteId: 'lyon', override },
  OnSiteVisitRescheduled: { override },
  OnSiteVisitCompleted: { attachments: [file('A7')] },
  RmaItemShipped: { trackingNumber: '1Z999' },
  SubcontractCompleted: { report: 'Board swapped' },
  TimeBooked: onTransfer,
  MaterialBooked: { ...onTransfer, serialNumber: 'PSU-1' },
  CostBooked: onTransfer,
  SolutionAccepted: { note: 'Works again' },
  AttachmentVisibilityChanged: { reason: 'Shows the serial number only' },
};

const copy = (event: RecordedEvent, data: unknown = event.data) => ({
  id: event.id,
  revision: event.revision,
  type: event.type,
  data: structuredClone(data),
  metadata: structuredClone(event.metadata),
});

/** The entries one event makes, on top of the events before it in its stream. */
function entriesOf(before: readonly RecordedEvent[], event: RecordedEvent, data: unknown) {
  const log = logBuilder({ strict: true });
  for (const earlier of before) log.add(copy(earlier));
  const from = log.entries.length;
  log.add(copy(event, data));
  return log.entries.slice(from);
}

function leafAt(state: unknown, path: string): LogValue {
  let value = state;
  for (const part of path.split('.'))
    value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : null;
  return diffState(undefined, value, 'x')[0]?.new ?? null;
}

/** What each field of one event must have made the log show, checked against its entries. */
function checkEvent(
  type: keyof typeof loggedFields,
  data: object,
  raw: Record<string, unknown>,
  actorId: string,
  before: CallState,
  entries: readonly LogEntry[],
  shown: Set<string>,
): void {
  const decisions: Readonly<Record<string, FieldShown | undefined>> = loggedFields[type];
  for (const [field, value] of Object.entries(data)) {
    if (value === undefined) continue;
    shown.add(`${type}.${field}`);
    const decision = decisions[field];
    const where = `${type}.${field}`;
    if (decision === undefined) throw new Error(`${where}: no decision in loggedFields`);
    if (typeof decision !== 'string') {
      if ('column' in decision && decision.column === 'actor') expect(value, where).toBe(actorId);
      if ('column' in decision && decision.column === 'reason')
        for (const entry of entries) expect(entry.reason, where).toBe(value);
      if ('key' in decision)
        expect(
          entries.some((entry) => entry.field.includes(JSON.stringify(value).replace(/"/g, ''))),
          where,
        ).toBe(true);
      continue;
    }
    // The key a placeholder reads names the entry; it is no field of it.
    const keys = new Set([...decision.matchAll(/\{[^}]*?([^.}]+)\}/g)].map((m) => m[1]!));
    const paths = pathsOf(decision, raw);
    // A list named element by element (`{attachments.*.attachmentId}`), or a value whole.
    const values = decision.includes('*') && Array.isArray(value) ? value : [value];
    expect(paths, where).toHaveLength(values.length);
    paths.forEach((path, i) => {
      for (const leaf of diffState(undefined, values[i], path)) {
        if (keys.has(leaf.field.slice(path.length + 1).split('.')[0]!)) continue;
        // An unchanged value shows only with an event that changes nothing (unchanged-events.test.ts).
        if (JSON.stringify(leafAt(before, leaf.field)) === JSON.stringify(leaf.new)) continue;
        const entry = entries.find((e) => e.field === leaf.field);
        expect(entry?.new, `${where} at ${leaf.field}`).toEqual(leaf.new);
      }
    });
  }
}

describe('every field of every call event is shown in the log or excluded with a reason', () => {
  let calls: RecordedEvent[][];
  beforeAll(async () => {
    calls = await catalogueCalls();
  }, 120_000);

  it('decides where each field of each call event schema shows, and gives a reason for each one left out', () => {
    for (const type of callEventTypes) {
      const decided = Object.keys(loggedFields[type]).sort();
      expect(decided, type).toEqual(Object.keys(callEventSchemas[type].shape).sort());
      for (const decision of Object.values(loggedFields[type]))
        if (typeof decision === 'object' && 'excluded' in decision)
          expect(decision.excluded.length, type).toBeGreaterThan(10);
    }
  });

  it('renders each field where its decision says, for an event of every type', () => {
    const shown = new Set<string>();
    const filled = new Set<string>();
    for (const stream of calls) {
      let state: CallState = null;
      stream.forEach((event, i) => {
        const decoded = decodeStored(copy(event)).event as CallEvent;
        const type = decoded.type;
        const variants = [event.data as Record<string, unknown>];
        const filler = fillers[type];
        if (filler && !filled.has(type)) {
          filled.add(type);
          variants.push({ ...(event.data as Record<string, unknown>), ...filler });
        }
        for (const raw of variants) {
          const { event: revived, metadata } = decodeStored(copy(event, raw));
          const entries = entriesOf(stream.slice(0, i), event, raw);
          checkEvent(
            type,
            (revived as CallEvent).data,
            raw,
            metadata.actor.id,
            state,
            entries,
            shown,
          );
        }
        state = evolveCall(state, decoded);
      });
    }
    const every = callEventTypes.flatMap((type) =>
      Object.keys(callEventSchemas[type].shape).map((field) => `${type}.${field}`),
    );
    expect(every.filter((field) => !shown.has(field))).toEqual([]);
  });

  it('shows how far a call had used its allowed time when it escalated', () => {
    const stream = calls.find((s) => s.some((e) => e.type === 'ServiceLevelEscalated'))!;
    const i = stream.findIndex((e) => e.type === 'ServiceLevelEscalated');
    const escalated = stream[i]!;
    const { target, level, share } = escalated.data as Record<string, unknown>;
    expect(entriesOf(stream.slice(0, i), escalated, escalated.data)).toContainEqual(
      expect.objectContaining({
        field: `serviceLevel.escalations.${String(target)}-${String(level)}.share`,
        old: null,
        new: share,
      }),
    );
  });
});
