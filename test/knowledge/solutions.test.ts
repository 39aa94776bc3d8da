import { v4 as uuid } from 'uuid';
import { afterAll, describe, expect, it } from 'vitest';
import { Callstream } from '../../src/callstream.js';
import { temporaryDatabase } from '../support/files.js';
import { logCallRequest } from '../support/pipeline.js';
import { copierCall, define } from '../support/knowledge.js';
import { steppingClock } from '../support/clock.js';

const files: Array<{ remove(): void }> = [];
afterAll(() => files.forEach((file) => file.remove()));

const stores = {
  memory: () => new Callstream({ customerValidation: false, clock: steppingClock() }),
  sqlite: () => {
    const file = temporaryDatabase();
    files.push(file);
    return new Callstream({ file: file.path, customerValidation: false, clock: steppingClock() });
  },
};

describe.each(Object.entries(stores))('the knowledge read model (%s)', (_, open) => {
  it('ranks the solutions that solved a problem and stayed solved first, with the calls as evidence', async () => {
    const cs = open();
    await define(cs, 'problem', 'P-JAM', 'Paper jam');
    await define(cs, 'problem', 'P-STREAKS', 'Streaks on copies');
    await define(cs, 'solution', 'S-ROLLER', 'Replace the pickup roller');
    await define(cs, 'solution', 'S-RESTART', 'Restart the device');
    await define(cs, 'solution', 'S-DRUM', 'Clean the drum unit');
    const first = await copierCall(cs, 'P-JAM', 'paper jams on tray 2', [['S-ROLLER', 'accepted']]);
    const second = await copierCall(cs, 'P-JAM', 'jams at every copy', [
      ['S-RESTART', 'rejected'],
      ['S-ROLLER', 'accepted'],
    ]);
    const third = await copierCall(cs, 'P-JAM', 'paper stuck', [['S-RESTART', 'accepted']]);
    const thirdClosed = (await cs.call(third)).closure!.at;
    await copierCall(cs, 'P-JAM', 'paper stuck again', [['S-RESTART', 'reopened']]);
    await copierCall(cs, 'P-STREAKS', 'grey streaks', [['S-DRUM', 'accepted']]);

    const byProblem = cs.solutions({ item: 'copier-mx5', problem: 'P-JAM' });
    expect(byProblem.map((s) => [s.solution, s.solved, s.rejected, s.reopened])).toEqual([
      ['S-ROLLER', 2, 0, 0],
      ['S-DRUM', 1, 0, 0],
      ['S-RESTART', 1, 1, 1],
    ]);
    expect(byProblem[0]).toMatchObject({ rank: 1, title: 'Replace the pickup roller' });
    expect(byProblem[0]!.evidence.map((e) => e.number).sort()).toEqual([first, second].sort());
    expect(byProblem[0]!.evidence[0]!.matched).toEqual(['item', 'problem']);

    // Words find the problem's title and the diagnosis's words, in any case, with plurals.
    const byWords = cs.solutions({ text: 'PAPER JAMS' });
    expect(byWords[0]?.solution).toBe('S-ROLLER');
    expect(byWords.map((s) => s.solution)).not.toContain('S-DRUM');
    expect(cs.solutions({ text: 'streaks', language: 'fr' })[0]).toMatchObject({
      solution: 'S-DRUM',
      title: 'Clean the drum unit (fr)',
    });

    // As of the third call's closing: the fourth call's restart, and its reopening, were not known yet.
    const before = cs.solutions({ problem: 'P-JAM', asOf: thirdClosed });
    const restart = before.find((s) => s.solution === 'S-RESTART');
    expect(restart).toMatchObject({ solved: 1, rejected: 1, reopened: 0 });
    expect(restart?.evidence.map((e) => e.number).sort()).toEqual([second, third].sort());
    await cs.close();
  });

  it('suggests for an open call from its item, problem and description, and says what it needs', async () => {
    const cs = open();
    await define(cs, 'problem', 'P-JAM', 'Paper jam');
    await define(cs, 'solution', 'S-ROLLER', 'Replace the pickup roller');
    await copierCall(cs, 'P-JAM', 'paper jams on tray 2', [['S-ROLLER', 'accepted']]);
    const open_ = await cs.execute(
      logCallRequest({ description: 'The paper jams all the time', item: { item: 'copier-mx5' } }),
    );
    const { suggestions } = await cs.suggest(open_.number);
    expect(suggestions[0]).toMatchObject({ solution: 'S-ROLLER', solved: 1 });
    expect(suggestions[0]!.evidence[0]!.matched).toEqual(['item', 'text']);
    expect(() => cs.solutions({ text: '  ' })).toThrow(
      expect.objectContaining({ code: 'NothingToSearchFor' }),
    );
    expect(cs.solutions({ text: 'no such words anywhere' })).toEqual([]);
    await cs.close();
  });

  it("reads no word into a forgotten requester's description: it reads [erased], not a word of theirs", async () => {
    const cs = open();
    await define(cs, 'problem', 'P-FW', 'Firmware lost');
    await define(cs, 'problem', 'P-JAM', 'Paper jam');
    await define(cs, 'solution', 'S-FLASH', 'Reflash the firmware');
    await define(cs, 'solution', 'S-ROLLER', 'Replace the pickup roller');
    // Engineers write "erased" about the work: the word is in the outcomes' words.
    await copierCall(cs, 'P-FW', 'settings erased after a power cut', [['S-FLASH', 'accepted']]);
    await copierCall(cs, 'P-JAM', 'paper jams', [['S-ROLLER', 'accepted']]);
    await copierCall(cs, 'P-JAM', 'paper jams', [['S-ROLLER', 'accepted']]);
    const last = await copierCall(cs, 'P-JAM', 'paper jams', [['S-ROLLER', 'accepted']]);
    const from = (await cs.call(last)).reportedAt;
    const open_ = await cs.execute(
      logCallRequest({ description: 'Screen flickers', item: { item: 'laptop-t14' } }),
    );
    expect((await cs.suggest(open_.number)).suggestions).toEqual([]);
    const quality = () => cs.suggestionQuality({ from, to: new Date('2100-01-01T00:00:00Z') });
    // At logging, by its words or by its item alone: the roller solved two copiers, the reflash one.
    const before = quality();
    expect(before).toMatchObject({ calls: 1, atLogging: { top1: 1 } });
    for (const call of [open_.number, last])
      await cs.forgetPerson({
        commandId: uuid(),
        actor: { id: 'dpo', role: 'privacy-officer' },
        person: `requester:${call}`,
        reason: 'DSR-11',
      });

    expect((await cs.call(open_.number)).description).toBe('[erased]');
    expect((await cs.suggest(open_.number)).suggestions).toEqual([]);
    expect(quality()).toEqual(before);
    await cs.close();
  });

  it('measures its quality honestly: each call suggested for with only what was known when it was logged', async () => {
    const cs = open();
    await define(cs, 'problem', 'P-JAM', 'Paper jam');
    await define(cs, 'solution', 'S-ROLLER', 'Replace the pickup roller');
    await define(cs, 'solution', 'S-RESTART', 'Restart the device');
    const from = (await cs.call(await copierCall(cs, 'P-JAM', 'paper jams', []))).reportedAt;
    // Nothing was known when the first one was logged; the second learns from the first, the
    // third from the first two (the restart that was rejected counts against it).
    await copierCall(cs, 'P-JAM', 'paper jams', [['S-ROLLER', 'accepted']]);
    await copierCall(cs, 'P-JAM', 'paper jams', [
      ['S-RESTART', 'rejected'],
      ['S-ROLLER', 'accepted'],
    ]);
    await copierCall(cs, 'P-JAM', 'paper jams', [['S-ROLLER', 'accepted']]);
    await copierCall(cs, 'P-JAM', 'paper jams', [['S-RESTART', 'reopened']]);
    const quality = cs.suggestionQuality({ from, to: new Date('2100-01-01T00:00:00Z') });
    expect(quality).toMatchObject({
      calls: 3,
      skipped: 0,
      atLogging: { top1: 2, top3: 2, nothingKnown: 1, top3Share: 0.667 },
      withProblem: { top1: 2, top3: 2, nothingKnown: 1 },
    });
    await cs.close();
  });
});
