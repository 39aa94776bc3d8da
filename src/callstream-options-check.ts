import { z } from 'zod';
import { checked } from './input-checks.js';
import { serviceLevelRulesSchema } from './domain/index.js';
import type { CallstreamOptions } from './callstream-options.js';

/**
 * Callstream's options checked as commands are: a JavaScript caller (or a config file read
 * as JSON) that misspells an option, names an unknown projection mode or gives `synchronous:
 * 'normal'` learns it from a ValidationError before a file is opened, instead of running
 * silently with defaults it did not ask for. Unknown options are refused for the same
 * reason: `projectonMode: 'live'` would otherwise leave the mode inline without a word.
 */

const functionValue = z.custom<(...args: never[]) => unknown>(
  (value) => typeof value === 'function',
  { error: 'expected a function' },
);

/** An object offering the port's methods; the message names the first one missing. */
function implementing(port: string, methods: readonly string[]) {
  return z.unknown().superRefine((value, ctx) => {
    if (typeof value !== 'object' || value === null) {
      ctx.addIssue({ code: 'custom', message: `expected ${port}: an object` });
      return;
    }
    const missing = methods.filter(
      (method) => typeof (value as Record<string, unknown>)[method] !== 'function',
    );
    if (missing.length > 0)
      ctx.addIssue({
        code: 'custom',
        message: `expected ${port}: no method ${missing.join(', ')}`,
      });
  });
}

const eventStore = implementing('an EventStore', [
  'appendToStream',
  'readStream',
  'readAll',
  'subscribeToAll',
  'headPosition',
  'close',
]);
const readModelStore = implementing('a ReadModelStore', [
  'checkpoint',
  'commit',
  'get',
  'find',
  'count',
  'all',
  'reset',
  'ensureCollections',
  'close',
]);
const keyStore = implementing('a KeyStore', ['keyFor', 'get', 'getMany', 'destroy', 'close']);
const masterData = implementing('MasterData', [
  'findCustomerIds',
  'customer',
  'contractsOf',
  'equipment',
]);

const projection = z.looseObject({
  name: z.string().min(1),
  version: z.number().int().min(0),
  collections: z.record(z.string(), z.unknown()),
  eventTypes: z.instanceof(Set, { error: 'expected a Set of event types' }),
  apply: functionValue,
});

const serviceLevelVersion = z.object({
  ruleSetId: z.string().min(1),
  version: z.number().int().min(1),
  effectiveFrom: z.date(),
  rules: serviceLevelRulesSchema,
});

const optionsSchema = z
  .strictObject({
    customerValidation: z.boolean().optional(),
    notifications: implementing('a NotificationSender', ['send']).optional(),
    accounting: implementing('an AccountingSystem', ['post']).optional(),
    file: z.string().min(1).optional(),
    // Its scheme is checked where it is read (InvalidConnectionString, eventstoredb-connection.ts).
    eventStoreDb: z.string().min(1).optional(),
    synchronous: z.enum(['FULL', 'NORMAL']).optional(),
    store: eventStore.optional(),
    readModels: readModelStore.optional(),
    projectionMode: z.enum(['inline', 'live', 'manual']).optional(),
    projections: z.array(projection).optional(),
    keys: keyStore.optional(),
    serviceLevels: serviceLevelVersion.optional(),
    clock: functionValue.optional(),
    maxAttempts: z.number().int().min(1).optional(),
    cacheSize: z.number().int().min(1).optional(),
    maxAheadOfClockMs: z.number().min(0).optional(),
    masterData: masterData.optional(),
    readOnly: z.boolean().optional(),
  })
  .superRefine((options, ctx) => {
    if (options.readOnly !== true) return;
    // Reading only is what SQLite enforces on its connection: the file's, and nothing else's.
    if (options.file === undefined || options.eventStoreDb !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['readOnly'],
        message: 'reading only opens a SQLite file: give file, not eventStoreDb',
      });
    for (const own of ['store', 'readModels', 'keys'] as const)
      if (options[own] !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['readOnly'],
          message: `reading only opens the file's own stores: give no ${own}`,
        });
    if (options.projectionMode === 'live')
      ctx.addIssue({
        code: 'custom',
        path: ['readOnly'],
        message: 'read models opened for reading only are read as they are: no live mode',
      });
  });

/** The options as given, once checked (a ValidationError naming each wrong option otherwise). */
export function checkCallstreamOptions(options: unknown): CallstreamOptions {
  return checked<CallstreamOptions>(optionsSchema, options ?? {}, 'callstream options');
}
