import { v4 as uuid } from 'uuid';
import { CommandPipeline, type PipelineOptions } from '../../src/commands/pipeline.js';
import type { CommandRequestOf, CommandType } from '../../src/commands/requests.js';
import type { Actor } from '../../src/domain/index.js';
import { MemoryEventStore } from '../../src/store/memory.js';
import type { EventStore } from '../../src/store/port.js';

export const staff = {
  ann: { id: 'ann', role: 'agent', name: 'Ann Agent' },
  eve: { id: 'eve', role: 'engineer', name: 'Eve Engineer' },
  sam: { id: 'sam', role: 'supervisor', name: 'Sam Supervisor' },
  rita: { id: 'rita', role: 'call-taker', name: 'Rita Recorder' },
  carl: { id: 'contact-1', role: 'customer', name: 'Carl Customer', customerId: 'acme' },
  bill: { id: 'bill', role: 'billing' },
  mail: { id: 'mail-parser', role: 'system' },
} satisfies Record<string, Actor>;

/** A pipeline with a clock that ticks one minute per reading, from a fixed start. */
export function testPipeline(options: Partial<PipelineOptions> & { store?: EventStore } = {}) {
  const store = options.store ?? new MemoryEventStore();
  let now = Date.parse('2026-11-23T09:00:00.000Z');
  const pipeline = new CommandPipeline({
    clock: () => new Date((now += 60_000)),
    ...options,
    store,
  });
  return { store, pipeline };
}

/** A command as tests state it: without the command id and (by default) the agent as actor. */
type Request<T extends CommandType> = T extends CommandType
  ? Omit<CommandRequestOf<T>, 'commandId' | 'actor'> & { commandId?: string; actor?: Actor }
  : never;

/** Fills in a fresh command id and the agent, so tests state only what matters. */
export const command = <T extends CommandType>(
  request: Request<T> & { readonly type: T },
): CommandRequestOf<T> & { readonly type: T } =>
  ({ commandId: uuid(), actor: staff.ann, ...request }) as CommandRequestOf<T> & {
    readonly type: T;
  };

export const logCallRequest = (
  overrides: Partial<Request<'LogCall'>> = {},
): CommandRequestOf<'LogCall'> & { readonly type: 'LogCall' } =>
  command({
    type: 'LogCall',
    intake: { mode: 'knowledgeable', channel: 'phone' },
    reporter: { name: 'Carl Customer', email: 'carl@acme.example' },
    subject: { kind: 'customer', customerId: 'acme', siteId: 'paris' },
    item: { item: 'server-x', serialNumber: 'SRV-1' },
    description: 'Server does not boot',
    ...overrides,
  });
