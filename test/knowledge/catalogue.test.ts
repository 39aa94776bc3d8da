import { describe, expect, it } from 'vitest';
import { v4 as uuid } from 'uuid';
import { Forbidden } from '../../src/commands/errors.js';
import type { AggregateResult } from '../../src/commands/pipeline.js';
import {
  decodeEvent,
  decideKnowledge,
  evolveKnowledge,
  initialKnowledge,
  knowledgeCode,
  type KnowledgeEvent,
} from '../../src/domain/index.js';
import { command, logCallRequest, staff, testPipeline } from '../support/pipeline.js';

const at = new Date('2026-11-23T09:00:00Z');
const actor = staff.sam;
const given = (...events: KnowledgeEvent[]) => events.reduce(evolveKnowledge, initialKnowledge());
const defined = (
  code: string,
  version = 1,
  titles: Record<string, string> = { en: 'Paper jam', fr: 'Bourrage papier' },
): KnowledgeEvent => ({
  type: 'KnowledgeCodeDefined',
  data: { at, kind: 'problem', code, version, titles, products: [], items: ['copier-mx5'] },
});

describe('the knowledge catalogue: coded problems, causes and solutions, versioned', () => {
  it('given nothing, when a problem is defined, then version 1 is recorded with its titles and scope', () => {
    const events = decideKnowledge(
      {
        type: 'DefineKnowledgeCode',
        at,
        actor,
        kind: 'problem',
        code: 'P-JAM',
        titles: { en: 'Paper jam', fr: 'Bourrage papier' },
        products: [],
        items: ['copier-mx5', 'copier-mx5'],
      },
      initialKnowledge(),
    );
    expect(events).toEqual([defined('P-JAM')]);
  });

  it('given a code, when it is defined again with other titles, then the next version is recorded; the same titles change nothing', () => {
    const state = given(defined('P-JAM'));
    const next = {
      type: 'DefineKnowledgeCode' as const,
      at,
      actor,
      kind: 'problem' as const,
      code: 'P-JAM',
      titles: { en: 'Paper jam', fr: 'Bourrage papier', it: 'Inceppamento carta' },
      products: [],
      items: ['copier-mx5'],
    };
    const events = decideKnowledge(next, state);
    expect(events[0]?.data).toMatchObject({ version: 2, titles: next.titles });
    const after = events.reduce(evolveKnowledge, state);
    expect(knowledgeCode(after, 'problem', 'P-JAM')?.versions.map((v) => v.version)).toEqual([
      1, 2,
    ]);
    expect(() => decideKnowledge(next, after)).toThrow(
      expect.objectContaining({ code: 'NothingToChange' }),
    );
  });

  it('retires a code in use, and refuses to retire one that is not', () => {
    const state = given(defined('P-JAM'));
    const retire = { type: 'RetireKnowledgeCode' as const, at, actor, kind: 'problem' as const };
    expect(decideKnowledge({ ...retire, code: 'P-JAM' }, state)[0]?.type).toBe(
      'KnowledgeCodeRetired',
    );
    expect(() => decideKnowledge({ ...retire, code: 'P-NONE' }, state)).toThrow(
      expect.objectContaining({ code: 'KnowledgeCodeNotFound' }),
    );
  });

  it('keys codes without inheriting object members (a code named constructor is unknown, not found)', () => {
    expect(knowledgeCode(initialKnowledge(), 'problem', 'constructor')).toBeUndefined();
  });

  it('decodes a diagnosis stored before codes existed', () => {
    const old = decodeEvent('DiagnosisRecorded', { at: at.toISOString(), symptom: 'Jams' });
    expect(old.data).toEqual({ at, symptom: 'Jams' });
  });
});

describe('a diagnosis records codes beside its free text (pipeline)', () => {
  async function world() {
    const { pipeline, store } = testPipeline();
    const define = (kind: 'problem' | 'cause' | 'solution', code: string, items: string[] = []) =>
      pipeline.execute({
        type: 'DefineKnowledgeCode',
        commandId: uuid(),
        actor: staff.sam,
        kind,
        code,
        titles: { en: code },
        items,
      });
    await define('problem', 'P-JAM', ['copier-mx5']);
    await define('problem', 'P-NOBOOT', ['server-r740']);
    await define('solution', 'S-ROLLER');
    const logged = await pipeline.execute(
      logCallRequest({ item: { item: 'copier-mx5', serialNumber: 'MX5-1' } }),
    );
    return { pipeline, store, number: logged.number };
  }

  it('records known codes, and a later diagnosis adds to them', async () => {
    const { pipeline, number } = await world();
    await pipeline.execute(
      command({
        type: 'RecordDiagnosis',
        call: number,
        symptom: 'Jams',
        codes: { problem: 'P-JAM' },
      }),
    );
    const second = await pipeline.execute(
      command({ type: 'RecordDiagnosis', call: number, codes: { solution: 'S-ROLLER' } }),
    );
    expect(second.state.diagnosis).toEqual({
      symptom: 'Jams',
      codes: { problem: 'P-JAM', solution: 'S-ROLLER' },
    });
  });

  it('refuses an unknown code, a retired one and one for another item, writing nothing', async () => {
    const { pipeline, store, number } = await world();
    const head = await store.headPosition();
    const diagnose = (codes: Record<string, string>) =>
      pipeline.execute(command({ type: 'RecordDiagnosis', call: number, symptom: 'Jams', codes }));
    await expect(diagnose({ problem: 'P-NONE' })).rejects.toMatchObject({
      code: 'KnowledgeCodeNotFound',
    });
    await expect(diagnose({ cause: 'P-JAM' })).rejects.toMatchObject({
      code: 'KnowledgeCodeNotFound',
    });
    await expect(diagnose({ problem: 'P-NOBOOT' })).rejects.toMatchObject({
      code: 'KnowledgeCodeNotForItem',
    });
    expect(await store.headPosition()).toBe(head);
    await pipeline.execute({
      type: 'RetireKnowledgeCode',
      commandId: uuid(),
      actor: staff.sam,
      kind: 'solution',
      code: 'S-ROLLER',
    });
    await expect(diagnose({ solution: 'S-ROLLER' })).rejects.toMatchObject({
      code: 'KnowledgeCodeNotFound',
    });
    const call = await pipeline.execute(
      command({ type: 'RecordDiagnosis', call: number, symptom: 'Jams' }),
    );
    expect(call.state.diagnosis.codes).toBeUndefined();
  });

  it('lets supervisors keep the catalogue, not agents', async () => {
    const { pipeline } = testPipeline();
    const define = {
      type: 'DefineKnowledgeCode',
      commandId: uuid(),
      actor: staff.ann,
      kind: 'problem',
      code: 'P-JAM',
      titles: { en: 'Paper jam' },
    };
    await expect(pipeline.executeJson(define)).rejects.toBeInstanceOf(Forbidden);
    const ok = (await pipeline.executeJson({ ...define, actor: staff.sam })) as AggregateResult;
    expect(ok).toMatchObject({ aggregate: 'knowledge', streamName: 'knowledge' });
    await expect(
      pipeline.executeJson({ ...define, commandId: uuid(), actor: staff.sam, titles: {} }),
    ).rejects.toMatchObject({ code: 'ValidationError' });
  });
});
