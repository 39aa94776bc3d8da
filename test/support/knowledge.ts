import { v4 as uuid } from 'uuid';
import type { Callstream } from '../../src/callstream.js';
import { command, logCallRequest, staff } from './pipeline.js';

/** Defines a code of the knowledge catalogue with an English and a French title. */
export async function define(
  cs: Callstream,
  kind: 'problem' | 'solution',
  code: string,
  en: string,
) {
  await cs.execute({
    type: 'DefineKnowledgeCode',
    commandId: uuid(),
    actor: staff.sam,
    kind,
    code,
    titles: { en, fr: `${en} (fr)` },
  });
}

/** A copier call diagnosed with a problem and solved with each solution in turn; `fate` of each. */
export async function copierCall(
  cs: Callstream,
  problem: string,
  symptom: string,
  attempts: Array<[solution: string, fate: 'accepted' | 'rejected' | 'reopened']>,
) {
  const { number: n } = await cs.execute(
    logCallRequest({
      description: `Our copier: ${symptom}`,
      item: { item: 'copier-mx5', serialNumber: `MX5-${uuid().slice(0, 6)}` },
    }),
  );
  await cs.execute(command({ type: 'AssignCall', call: n, group: 'copiers', engineer: 'eve' }));
  await cs.execute(command({ type: 'StartWork', actor: staff.eve, call: n }));
  await cs.execute(
    command({ type: 'RecordDiagnosis', actor: staff.eve, call: n, symptom, codes: { problem } }),
  );
  for (const [solution, fate] of attempts) {
    await cs.execute(
      command({ type: 'RecordDiagnosis', actor: staff.eve, call: n, codes: { solution } }),
    );
    await cs.execute(
      command({ type: 'ResolveCall', actor: staff.eve, call: n, solution: `Applied ${solution}` }),
    );
    if (fate === 'rejected')
      await cs.execute(
        command({ type: 'RejectSolution', actor: staff.carl, call: n, reason: 'Still jams' }),
      );
    else {
      await cs.execute(command({ type: 'AcceptSolution', actor: staff.carl, call: n }));
      await cs.execute(command({ type: 'CloseCall', call: n }));
      if (fate === 'reopened')
        await cs.execute(
          command({ type: 'ReopenCall', actor: staff.carl, call: n, reason: 'Jams again' }),
        );
    }
  }
  return n;
}
