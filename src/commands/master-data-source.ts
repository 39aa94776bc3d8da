import { DomainError } from '../domain/index.js';
import type { RegisteredAggregate } from './aggregate.js';

/**
 * The master data an ERP keeps when it is plugged in (B5): customers and contracts. Equipment
 * stays recorded here too: the planner plans maintenance and meter work on this installed base.
 */
const keptByTheSource: ReadonlySet<string> = new Set(['customer', 'contract']);

/**
 * With master data read from another system, a customer or contract recorded here would be
 * written and never read: validation, coverage and blocks would go on answering from the
 * other system while the command reported success. Such commands are refused instead.
 */
export function ensureRecordedHere(
  aggregate: RegisteredAggregate | undefined,
  type: string,
  keptElsewhere: boolean | undefined,
): void {
  if (!keptElsewhere || !aggregate || !keptByTheSource.has(aggregate.name)) return;
  throw new DomainError(
    'MasterDataKeptElsewhere',
    `${type} would record ${aggregate.name} master data here, where nothing reads it: customers and contracts are read from the system plugged in as masterData (B5). Change them there`,
    { command: type },
  );
}
