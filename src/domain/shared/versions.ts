import { DomainError } from './errors.js';

/** Data with versions that take effect at an instant: service-level rules, price lists. */
export interface Versioned {
  readonly version: number;
  readonly effectiveFrom: Date;
}

/** The version in effect at an instant: the last one whose effective date has come. */
export function versionAt<V extends Versioned>(versions: readonly V[], at: Date): V | undefined {
  let found: V | undefined;
  for (const version of versions)
    if (version.effectiveFrom.getTime() <= at.getTime()) found = version;
  return found;
}

/**
 * The number the next version gets. History is judged by the rules of its time, so a new
 * version may not take effect before the last one.
 */
export function nextVersion(
  versions: readonly Versioned[],
  effectiveFrom: Date,
  what: string,
): number {
  const last = versions[versions.length - 1];
  if (last && effectiveFrom.getTime() < last.effectiveFrom.getTime()) {
    throw new DomainError(
      'EffectiveDateBeforeLatest',
      `Version ${last.version + 1} of ${what} cannot take effect before version ${last.version} (${last.effectiveFrom.toISOString()})`,
    );
  }
  return (last?.version ?? 0) + 1;
}
