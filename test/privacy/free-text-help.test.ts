import { describe, expect, it } from 'vitest';
import { jsonSchemas } from '../../src/json-schema.js';

interface Property {
  readonly type?: string;
  readonly enum?: unknown[];
  readonly pattern?: string;
  readonly allOf?: unknown[];
  readonly 'x-personal-data'?: boolean;
  readonly description?: string;
  readonly properties?: Record<string, Property>;
  readonly anyOf?: Property[];
}

/** Every free-text field (no enum, no id pattern) of every command, with its path: `ScheduleOnSiteVisit.override.reason`. */
function textFields(schema: Property, path: string): Array<[string, Property]> {
  const found: Array<[string, Property]> = [];
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    for (const shape of [property, ...(property.anyOf ?? [])]) {
      if (shape.type === 'string' && !shape.enum && !shape.pattern && !shape.allOf)
        found.push([`${path}.${name}`, shape]);
      found.push(...textFields(shape, `${path}.${name}`));
    }
  }
  return found;
}

/** docs/privacy.md: reasons, diagnoses and evaluations are written about the work, in clear. */
const aboutTheWork = /\.(reason|symptom|cause|solution|summary)$/;

/** Kept without the warning on purpose. */
const otherwise: Readonly<Record<string, string>> = {
  'ForgetPerson.reason': 'its own help: a reference to the request, not personal data, kept',
  'SubmitRequest.summary': "the sender's own words: RequestReceived seals them as theirs",
};

describe('the help of free text that no erasure reaches (docs/privacy.md)', () => {
  it('warns, on every reason, diagnosis and evaluation a command takes, that personal data typed there is beyond erasure', () => {
    const fields = Object.entries(jsonSchemas().commands).flatMap(([type, schema]) =>
      textFields(schema as Property, type),
    );
    // A personal field (a request's summary) is sealed and erasable: no warning needed.
    const work = fields.filter(
      ([path, property]) =>
        aboutTheWork.test(path) && !(path in otherwise) && !property['x-personal-data'],
    );
    expect(work.map(([path]) => path)).toEqual(
      expect.arrayContaining([
        'RecordDiagnosis.symptom',
        'RecordDiagnosis.cause',
        'RecordDiagnosis.solution',
        'ResolveCall.solution',
        'EvaluateCall.summary',
        'AssignCall.reason',
        'TerminateContract.reason',
        'DeclineRequest.reason',
      ]),
    );
    const silent = work.filter(
      ([, property]) => !(property.description ?? '').includes('beyond erasure'),
    );
    expect(silent.map(([path]) => path)).toEqual([]);
  });
});
