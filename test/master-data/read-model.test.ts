import { describe, expect, it } from 'vitest';
import type { MasterData } from '../../src/domain/index.js';
import { CaughtUpMasterData } from '../../src/master-data/read-model.js';

/** Master data that answers with how many catch-ups had finished when it was read. */
function probe() {
  const catchUps: Array<() => void> = [];
  let finished = 0;
  const catchUp = () =>
    new Promise<void>((resolve) => {
      catchUps.push(() => {
        finished++;
        resolve();
      });
    });
  const inner = { customer: async () => ({ finished }) } as unknown as MasterData;
  return {
    masterData: new CaughtUpMasterData(inner, catchUp),
    catchUps,
    started: () => catchUps.length,
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('master data caught up to the head', () => {
  it('answers each read after a catch-up that began after it was asked; reads asked meanwhile share the next', async () => {
    const { masterData, catchUps, started } = probe();
    const first = masterData.customer('acme');
    expect(started()).toBe(1);
    // Asked while the first catch-up runs: it may have read the head before their facts were written.
    const second = masterData.customer('acme');
    const third = masterData.customer('acme');
    expect(started()).toBe(1);
    catchUps[0]!();
    expect(await first).toEqual({ finished: 1 });
    await tick();
    expect(started()).toBe(2);
    catchUps[1]!();
    expect(await second).toEqual({ finished: 2 });
    expect(await third).toEqual({ finished: 2 });
    // Nothing running: a read starts its own.
    const fourth = masterData.customer('acme');
    expect(started()).toBe(3);
    catchUps[2]!();
    expect(await fourth).toEqual({ finished: 3 });
  });

  it('fails the reads of a failed catch-up, and tries again for the next', async () => {
    let fail = true;
    const inner = { customer: async () => ({ ok: true }) } as unknown as MasterData;
    const masterData = new CaughtUpMasterData(inner, async () => {
      if (fail) throw new Error('projection broken');
    });
    await expect(masterData.customer('acme')).rejects.toThrow('projection broken');
    fail = false;
    expect(await masterData.customer('acme')).toEqual({ ok: true });
  });
});
