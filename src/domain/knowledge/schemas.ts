import { z } from 'zod';
import {
  givenId,
  id,
  shortText,
  storedInstant,
  type CommandsOf,
  type EventsOf,
  type Role,
} from '../shared/schema.js';

/**
 * Service knowledge (C1): the coded problems, causes and solutions a diagnosis records
 * beside its free text, so the work done on one call can be found and reused on the next.
 * One stream, like the organisation: the catalogue changes rarely and is read as a whole.
 * Every definition of a code is a new version of it; a call records the code, and the
 * title of its time stays in the history.
 */
export const KNOWLEDGE_STREAM = 'knowledge';

export const knowledgeKinds = ['problem', 'cause', 'solution'] as const;
export type KnowledgeKind = (typeof knowledgeKinds)[number];

/** A title's language as ISO 639-1 names it (any: a catalogue may hold more than notifications are written in). */
const titleLanguage = z
  .string()
  .regex(/^[a-z]{2}$/, 'A two-letter ISO 639-1 language code (en, fr, it, es, nl, …)');

export const knowledgeTitles = z
  .record(titleLanguage, shortText)
  .refine((titles) => Object.keys(titles).length > 0, 'At least one title')
  .meta({
    description: 'The title in each language, e.g. { "en": "Paper jam", "fr": "Bourrage papier" }',
  });

/** What a code applies to; both empty: any item. */
const scope = {
  /** Product ids as calls are classified with (ClassifyCall.product). */
  products: z.array(id).max(500).default([]),
  /** Items (product models) as calls and the installed base name them. */
  items: z.array(shortText).max(500).default([]),
};

export const knowledgeCommandSchemas = {
  /** Defines a code, or publishes its next version (new titles, another scope). */
  DefineKnowledgeCode: z.strictObject({
    kind: z.enum(knowledgeKinds),
    code: givenId,
    titles: knowledgeTitles,
    ...scope,
  }),
  /** Diagnoses may no longer record the code; the calls that did keep it. */
  RetireKnowledgeCode: z.strictObject({ kind: z.enum(knowledgeKinds), code: id }),
} as const;

const at = storedInstant;
export const knowledgeEventSchemas = {
  KnowledgeCodeDefined: z.object({
    at,
    kind: z.enum(knowledgeKinds),
    code: id,
    version: z.number().int().positive(),
    titles: z.record(z.string(), z.string()),
    products: z.array(id),
    items: z.array(shortText),
  }),
  KnowledgeCodeRetired: z.object({ at, kind: z.enum(knowledgeKinds), code: id }),
} as const;

export type KnowledgeCommand = CommandsOf<typeof knowledgeCommandSchemas>;
export type KnowledgeEvent = EventsOf<typeof knowledgeEventSchemas>;

/** The catalogue is the service organisation's: supervisors keep it, an ERP may synchronise it. */
export const knowledgePermissions: Readonly<
  Record<keyof typeof knowledgeCommandSchemas, readonly Role[]>
> = {
  DefineKnowledgeCode: ['supervisor', 'system'],
  RetireKnowledgeCode: ['supervisor', 'system'],
};

/** The codes a diagnosis records beside its free text (RecordDiagnosis.codes). */
export const diagnosisCodesSchema = z.object({
  problem: id.optional(),
  cause: id.optional(),
  solution: id.optional(),
});
export type DiagnosisCodes = z.output<typeof diagnosisCodesSchema>;
