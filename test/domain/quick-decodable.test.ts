import Database from 'better-sqlite3';
import { parseSealedAsErased } from '../../src/privacy/sealed.js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Callstream } from '../../src/callstream.js';
import { DEMO_START, runDemo, SimulatedClock } from '../../src/demo/run.js';
import { decodeStored, type StoredShape } from '../../src/domain/envelope.js';
import { quickDecodable } from '../../src/domain/quick-decodable.js';
import { temporaryDatabase } from '../support/files.js';
import { history, play } from '../support/histories.js';

/**
 * `verify` asks the quick check first and decodes strictly only what it does not accept, so
 * the quick check must never accept what strict (zod) decoding refuses. Stored events of a
 * demo organisation (master data, contracts, service levels, calls of every kind, invoices)
 * and of random call histories, each then corrupted in one place, are judged by both.
 */
const file = temporaryDatabase();
const histories = temporaryDatabase();
const stored: Array<{ type: string; data: string; metadata: string }> = [];

beforeAll(async () => {
  const clock = new SimulatedClock(DEMO_START);
  const demo = new Callstream({
    file: file.path,
    notifications: { send: async () => undefined },
    clock: clock.read,
  });
  await runDemo(demo, { calls: 40, seed: 7, clock });
  await demo.close();
  const random = await Callstream.open({
    file: histories.path,
    customerValidation: false,
    projectionMode: 'manual',
  });
  for (const actions of fc.sample(history, { numRuns: 3, seed: 11 })) await play(random, actions);
  await random.close();
  for (const source of [file.path, histories.path]) {
    const db = new Database(source, { readonly: true });
    stored.push(
      ...(db
        .prepare('SELECT type, data, metadata FROM events ORDER BY position')
        .all() as typeof stored),
    );
    db.close();
  }
}, 600_000);
afterAll(() => {
  file.remove();
  histories.remove();
});

const strictlyDecodable = (event: StoredShape): boolean => {
  try {
    decodeStored(event);
    return true;
  } catch {
    return false;
  }
};
// As verify parses them: a sealed personal value (issue 18) stands as erased, which every personal field's schema accepts.
const parsed = (row: {
  type: string;
  data: string;
  metadata: string;
}): StoredShape & { data: unknown; metadata: unknown } => ({
  type: row.type,
  data: parseSealedAsErased(row.data),
  metadata: parseSealedAsErased(row.metadata),
});

/** Every place in a JSON value: the path of keys to it. */
function places(
  value: unknown,
  path: Array<string | number> = [],
  out: Array<Array<string | number>> = [],
): Array<Array<string | number>> {
  out.push(path);
  if (Array.isArray(value)) value.forEach((item, i) => places(item, [...path, i], out));
  else if (value !== null && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) places(item, [...path, key], out);
  return out;
}

const replacement = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    true,
    false,
    0,
    -1,
    1.5,
    2 ** 53,
    -(2 ** 60),
    '',
    ' ',
    ' padded ',
    'x',
    'a'.repeat(129),
    'b'.repeat(201),
    'c'.repeat(10_001),
  ),
  fc.constantFrom<unknown>(
    '2026-13-01T00:00:00.000Z',
    'not an instant',
    '2026-11-02',
    '2026-11-02T08:00:00Z',
    '00000000-0000-0000-0000-000000000000',
    'e1e7d8a2-3c4f-4b5a-8c9d-0e1f2a3b4c5d',
    'e1e7d8a2-3c4f-4b5a-8c9d-0e1f2a3b4c5',
    '/leading-slash',
    'constructor',
  ),
  fc.constantFrom<unknown>({}, [], [1], { unexpected: 1 }, ['x'], { amount: -1, currency: 'EUR' }),
  fc.anything(),
);

/** One change at one place: the value replaced, the key removed, or a key added beside it. */
const corruption = fc.record({
  side: fc.constantFrom('data', 'metadata'),
  at: fc.nat(),
  how: fc.constantFrom('replace', 'remove', 'add'),
  value: replacement,
  key: fc.constantFrom('extra', 'id', 'at', 'reason', '__proto__'),
});

function corrupt(
  event: StoredShape & { data: unknown; metadata: unknown },
  change: { side: 'data' | 'metadata'; at: number; how: string; value: unknown; key: string },
): StoredShape {
  const root = structuredClone(event[change.side]);
  const all = places(root);
  const path = all[change.at % all.length]!;
  const holder = { root } as Record<string | number, unknown>;
  let parent: Record<string | number, unknown> = holder;
  let key: string | number = 'root';
  for (const step of path) {
    parent = parent[key] as Record<string | number, unknown>;
    key = step;
  }
  if (change.how === 'replace') parent[key] = change.value;
  else if (change.how === 'remove') {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else Reflect.deleteProperty(parent, key);
  } else {
    const target = parent[key];
    if (target !== null && typeof target === 'object' && !Array.isArray(target))
      Object.defineProperty(target, change.key, {
        value: change.value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else parent[key] = change.value;
  }
  return { ...event, [change.side]: holder.root };
}

describe('the quick decodability check of stored events', () => {
  it('accepts every stored event strict decoding accepts, of every type the demo writes (so verify rarely needs zod)', () => {
    expect(stored.length).toBeGreaterThan(500);
    const refused = stored.filter((row) => !quickDecodable(parsed(row)));
    expect(refused.map((row) => row.type)).toEqual([]);
    expect(stored.every((row) => strictlyDecodable(parsed(row)))).toBe(true);
    expect(new Set(stored.map((row) => row.type)).size).toBeGreaterThan(25);
  });

  it('never accepts an event strict decoding refuses: one change at any place of data or metadata (property)', () => {
    fc.assert(
      fc.property(fc.nat(), corruption, (pick, change) => {
        const event = corrupt(parsed(stored[pick % stored.length]!), change);
        if (quickDecodable(event)) expect(strictlyDecodable(event)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('never accepts an event under another type or schema version than its own unless strict decoding does', () => {
    const types = [...new Set(stored.map((row) => row.type))];
    fc.assert(
      fc.property(
        fc.nat(),
        fc.constantFrom(...types, 'NoSuchEvent'),
        fc.integer({ min: 0, max: 4 }),
        (pick, type, version) => {
          const event = parsed(stored[pick % stored.length]!);
          const moved = {
            type,
            data: event.data,
            metadata: { ...(event.metadata as object), schemaVersion: version },
          };
          if (quickDecodable(moved)) expect(strictlyDecodable(moved)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
