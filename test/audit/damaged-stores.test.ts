import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Callstream } from '../../src/callstream.js';
import { MemoryReadModelStore } from '../../src/projections/read-models/memory.js';
import { CorruptedHistory } from '../../src/store/errors.js';
import { SqliteEventStore } from '../../src/store/sqlite.js';
import { cli, json } from '../support/cli.js';
import { temporaryDatabase } from '../support/files.js';
import { play } from '../support/histories.js';
import { duplicate, rewrite, rows, tamper } from '../support/tamper.js';
import { staff } from '../support/pipeline.js';

/**
 * Every read path on a store with a deleted, an edited and a duplicated event row: a typed
 * CorruptedHistory naming the stream and revision, a non-zero exit, never a hang or an answer.
 */
const dir = temporaryDatabase();
const pristine = dir.path;
let callId = '';

beforeAll(async () => {
  const callstream = await Callstream.open({ file: pristine, customerValidation: false });
  const [first] = await play(callstream, [
    [0, { type: 'AddFollowUp', text: 'No POST', actor: staff.ann }],
    [0, { type: 'AddFollowUp', text: 'Fan noise', actor: staff.ann }],
    [0, { type: 'AddFollowUp', text: 'Replaced PSU', actor: staff.ann }],
  ] as never);
  callId = first!;
  await callstream.close();
}, 120_000);
afterAll(() => dir.remove());

const stream = () => `call-${callId}`;
const damages = {
  deleted: (file: string) =>
    tamper(file, (db) =>
      db.prepare('DELETE FROM events WHERE stream = ? AND revision = 1').run(stream()),
    ),
  edited: (file: string) =>
    tamper(file, (db) => {
      const row = rows(db).find((r) => r.stream === stream() && r.revision === 1)!;
      rewrite(db, row.position, {
        metadata: row.metadata.replace(/"id":"[^"]+"/, '"id":"mallory"'),
      });
    }),
  duplicated: (file: string) =>
    tamper(file, (db) =>
      duplicate(db, rows(db).find((r) => r.stream === stream() && r.revision === 1)!.position),
    ),
};

function damaged(kind: keyof typeof damages): string {
  const file = join(dir.dir, `${kind}-${Math.random().toString(36).slice(2)}.db`);
  copyFileSync(pristine, file);
  damages[kind](file);
  return file;
}

describe.each(Object.keys(damages) as Array<keyof typeof damages>)(
  'a store with an event row %s',
  (kind) => {
    it.each([
      ['log', (file: string) => ['log', callId, '--db', file, '--json']],
      [
        'show --as-of',
        (file: string) => [
          'show',
          callId,
          '--as-of',
          '2030-01-01T00:00:00Z',
          '--db',
          file,
          '--json',
        ],
      ],
      ['replay', (file: string) => ['replay', '--db', file, '--json']],
      ['verify', (file: string) => ['verify', '--db', file, '--json']],
    ])('%s ends with CorruptedHistory and a non-zero exit', async (name, args) => {
      const run = await cli(args(damaged(kind)));
      expect(run.code).toBe(1);
      if (name === 'verify') expect(json<{ intact: boolean }>(run).intact).toBe(false);
      else expect(JSON.parse(run.stderr).error).toMatchObject({ code: 'CorruptedHistory' });
    });

    it('loading the call in the library throws CorruptedHistory naming its stream', async () => {
      const callstream = new Callstream({
        store: new SqliteEventStore(damaged(kind)),
        readModels: new MemoryReadModelStore(),
        projectionMode: 'manual',
        customerValidation: false,
      });
      try {
        const error = await callstream.call(callId).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(CorruptedHistory);
        expect(error).toMatchObject({ streamName: stream() });
      } finally {
        await callstream.close();
      }
    });
  },
);

describe('rebuilding the projections', () => {
  it('from a store with a deleted row ends with CorruptedHistory', async () => {
    const file = damaged('deleted');
    const error = await Callstream.open({
      store: new SqliteEventStore(file),
      readModels: new MemoryReadModelStore(),
      customerValidation: false,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorruptedHistory);
  });

  it('of the untouched store answers as before', async () => {
    const run = await cli(['replay', '--db', pristine, '--json']);
    expect(run.code).toBe(0);
    expect(json<{ identical: boolean }>(run).identical).toBe(true);
  });
});

describe('callstream verify on the command line', () => {
  it('prints the head digest, proves the history against it, and refuses a digest it does not match', async () => {
    const digest = await cli(['verify', '--db', pristine, '--digest']);
    expect(digest.code).toBe(0);
    expect(digest.stdout.trim()).toMatch(/^\d+:[0-9a-f]{64}$/);
    const proven = await cli(['verify', '--db', pristine, '--against', digest.stdout.trim()]);
    expect(proven.code).toBe(0);
    expect(proven.stdout).toMatch(/unchanged and everything after it chains from it/);
    const other = digest.stdout
      .trim()
      .replace(/:(.)/, (_m, c: string) => `:${c === '0' ? '1' : '0'}`);
    const refused = await cli(['verify', '--db', pristine, '--against', other, '--json']);
    expect(refused.code).toBe(1);
    expect(json<{ against: { holds: boolean } }>(refused).against.holds).toBe(false);
    expect((await cli(['verify', '--db', pristine, '--against', 'nonsense'])).code).toBe(2);
    // A position no event holds proves nothing: not intact, exit 1.
    const nowhere = await cli([
      'verify',
      '--db',
      pristine,
      '--against',
      other.replace(/^\d+/, '0'),
    ]);
    expect(nowhere.code).toBe(1);
    expect(nowhere.stdout).toMatch(/does NOT match/);
  });

  it('on a damaged store prints where each break is and exits 1', async () => {
    const run = await cli(['verify', '--db', damaged('edited')]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(new RegExp(`DAMAGED: 1 break\\(s\\)[\\s\\S]*${stream()}@1: edited`));
  });
});
