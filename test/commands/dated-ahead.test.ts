import { describe, expect, it } from 'vitest';
import { Callstream } from '../../src/callstream.js';
import { ValidationError } from '../../src/commands/errors.js';
import { collect } from '../store/contract.js';
import { command, logCallRequest, testPipeline } from '../support/pipeline.js';

/**
 * A command dated far ahead of the system's clock is refused: recorded, it would leave its
 * call refusing every change until then as out of order (a typo in a cron job's --as-of
 * would lock the whole board for years). A device's drifting clock is still now.
 */
const at = (instant: string) => new Date(instant);

const QUARTER_HOUR = 15 * 60_000;

/** A pipeline whose clock stands at 2026-12-01 09:00 until moved (the CLI's tolerance unless null: the library's default). */
function atNine(maxAheadOfClockMs: number | null = QUARTER_HOUR) {
  let now = at('2026-12-01T09:00:00Z');
  const { pipeline, store } = testPipeline({
    clock: () => now,
    ...(maxAheadOfClockMs === null ? {} : { maxAheadOfClockMs }),
  });
  return { pipeline, store, move: (to: string) => (now = at(to)) };
}

async function refusal(run: Promise<unknown>): Promise<ValidationError> {
  const error = await run.then(
    () => {
      throw new Error('expected a refusal');
    },
    (refused: unknown) => refused,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

describe('a command dated ahead of the clock', () => {
  it('is taken up to a quarter of an hour ahead: a device clock drifts', async () => {
    const { pipeline } = atNine();
    const logged = await pipeline.execute(logCallRequest({ at: '2026-12-01T09:15:00Z' }));
    expect(logged.state.reportedAt).toEqual(at('2026-12-01T09:15:00Z'));
  });

  it('is taken at any instant by a library left at its default: planned work is dated at its due instant', async () => {
    const { pipeline } = atNine(null);
    expect((await pipeline.execute(logCallRequest({ at: '2027-03-01T08:00:00Z' }))).duplicate).toBe(
      false,
    );
  });

  it('is refused further ahead, naming the instant and the clock, and writes nothing', async () => {
    const { pipeline, store, move } = atNine();
    const logged = await pipeline.execute(logCallRequest({ at: '2026-12-01T09:00:00Z' }));
    const before = await collect(store.readAll());
    const error = await refusal(
      pipeline.execute(
        command({
          type: 'AddFollowUp',
          call: logged.number,
          text: 'x',
          at: '2030-01-01T00:00:00Z',
        }),
      ),
    );
    expect(error.issues).toEqual([expect.objectContaining({ path: 'at', code: 'too_big' })]);
    expect(error.message).toBe(
      "Invalid command: at: 2030-01-01T00:00:00.000Z lies 1127 days ahead of this system's clock (2026-12-01T09:00:00.000Z): a command may be dated at most 15 minutes ahead",
    );
    expect(await collect(store.readAll())).toEqual(before);
    // The call goes on as the clock does.
    move('2026-12-01T10:00:00Z');
    const next = await pipeline.execute(
      command({ type: 'AddFollowUp', call: logged.number, text: 'still workable' }),
    );
    expect(next.duplicate).toBe(false);
  });

  it('is held to the tolerance the embedding application sets', async () => {
    const { pipeline } = atNine(0);
    await refusal(pipeline.execute(logCallRequest({ at: '2026-12-01T09:00:01Z' })));
    expect((await pipeline.execute(logCallRequest({ at: '2026-12-01T09:00:00Z' }))).duplicate).toBe(
      false,
    );
  });

  it('refuses an escalation as of a later instant before it judges a single call', async () => {
    const callstream = await Callstream.open({
      customerValidation: false,
      clock: () => at('2026-12-01T09:00:00Z'),
      maxAheadOfClockMs: QUARTER_HOUR,
    });
    await callstream.execute(logCallRequest({ at: '2026-12-01T08:00:00Z' }));
    const before = await collect(callstream.store.readAll());
    const error = await refusal(callstream.escalate(at('2030-01-01T00:00:00Z')));
    expect(error.issues[0]?.path).toBe('asOf');
    expect(await collect(callstream.store.readAll())).toEqual(before);
    await callstream.close();
  });
});
