import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { typeScriptFiles } from '../support/source-files.js';

/**
 * The layers of src/, lowest first. A folder imports from its own layer or those below,
 * never from one above: the domain knows nothing else; event stores know only the domain;
 * streams (loading, folding, caching, encoding) sit on the stores; read models on the
 * streams; audits (verifying, the sealed log) on the read models' log builder; the master-data
 * adapters on both; commands on all of them; the facade (callstream.ts) on the commands;
 * the demo, the command line and the benchmarks on it (the command line's launcher, which
 * compiles its bundle and sets V8's flags first, imports none of them); the package's entry (index.ts),
 * which exports from all of them, last.
 */
const LAYERS: ReadonlyArray<readonly string[]> = [
  ['domain'],
  ['store'],
  ['privacy'],
  ['streams'],
  ['projections'],
  ['audit'],
  ['master-data'],
  ['commands'],
  ['(root)'],
  ['demo'],
  ['launch'],
  ['cli'],
  ['bench'],
  ['(entry)'],
];

/** Packages the pure domain may use: schemas only (no I/O, no clock, no randomness). */
const DOMAIN_PACKAGES = new Set(['zod']);

const SRC = resolve(import.meta.dirname, '../../src');

interface Import {
  readonly from: string;
  readonly to: string;
}

/** Every module specifier a file names: static imports, re-exports and dynamic imports. */
function specifiers(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(
    /(?:^|[\s;}])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm,
  )) {
    found.push((match[1] ?? match[2] ?? match[3])!);
  }
  return found;
}

/** The import graph of src/, as paths relative to it; packages as "package:name". */
function importGraph(): Import[] {
  return typeScriptFiles(SRC).flatMap((file) =>
    specifiers(readFileSync(file, 'utf8')).map((specifier) => ({
      from: relative(SRC, file),
      to: specifier.startsWith('.')
        ? relative(SRC, resolve(dirname(file), specifier.replace(/\.js$/, '.ts')))
        : `package:${specifier}`,
    })),
  );
}

const folderOf = (path: string): string => (path.includes('/') ? dirname(path) : '(root)');
const layerOf = (path: string): string =>
  path.includes('/') ? path.split('/')[0]! : path === 'index.ts' ? '(entry)' : '(root)';
const rankOf = (layer: string): number => LAYERS.findIndex((layers) => layers.includes(layer));

/** Upward imports, sideways imports between folders of one layer, and the domain's packages. */
export function layeringViolations(imports: readonly Import[]): string[] {
  const violations: string[] = [];
  for (const { from, to } of imports) {
    const source = layerOf(from);
    if (to.startsWith('package:')) {
      if (source === 'domain' && !DOMAIN_PACKAGES.has(to.slice('package:'.length)))
        violations.push(`${from} imports ${to.slice(8)}: the domain is pure`);
      continue;
    }
    const target = layerOf(to);
    if (rankOf(source) < 0)
      violations.push(`${from}: folder ${source} has no layer (add it to LAYERS)`);
    else if (target !== source && rankOf(target) >= rankOf(source))
      violations.push(
        `${from} imports ${to}: ${target} is ${rankOf(target) === rankOf(source) ? 'beside' : 'above'} ${source}`,
      );
  }
  return [...new Set(violations)];
}

/** Whether one folder contains the other: a subfolder is part of its parent (cli/commands of cli). */
const nested = (a: string, b: string): boolean =>
  a === b || a === '(root)' || b === '(root)' || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);

/**
 * Groups of folders at any depth (layers, and the aggregates inside the domain such as
 * domain/call and domain/contract) that import each other in a circle.
 */
export function folderCycles(imports: readonly Import[]): string[][] {
  const edges = new Map<string, Set<string>>();
  for (const { from, to } of imports) {
    if (to.startsWith('package:') || nested(folderOf(from), folderOf(to))) continue;
    const targets = edges.get(folderOf(from)) ?? new Set<string>();
    edges.set(folderOf(from), targets.add(folderOf(to)));
  }
  // Tarjan's strongly connected components: a component of more than one folder is a cycle.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (folder: string): void => {
    index.set(folder, index.size);
    low.set(folder, index.get(folder)!);
    stack.push(folder);
    onStack.add(folder);
    for (const next of edges.get(folder) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(folder, Math.min(low.get(folder)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(folder, Math.min(low.get(folder)!, index.get(next)!));
    }
    if (low.get(folder) !== index.get(folder)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== folder);
    if (component.length > 1) cycles.push(component.sort());
  };
  for (const folder of edges.keys()) if (!index.has(folder)) visit(folder);
  return cycles;
}

/** Domain files whose code (comments aside) declares an async function or awaits. */
function awaitingDomainFiles(): string[] {
  return typeScriptFiles(join(SRC, 'domain'))
    .filter((file) =>
      /\basync\b|\bawait\b/.test(
        readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ''),
      ),
    )
    .map((file) => relative(SRC, file));
}

describe('the layering of src/', () => {
  const imports = importGraph();

  it('reads the import graph (a parser that finds nothing would pass anything)', () => {
    expect(imports.length).toBeGreaterThan(500);
    expect(imports).toContainEqual({ from: 'commands/pipeline.ts', to: 'domain/index.ts' });
    expect(imports).toContainEqual({ from: 'domain/shared/schema.ts', to: 'package:zod' });
  });

  it('has no upward import: every folder imports only from its own layer or those below', () => {
    expect(layeringViolations(imports)).toEqual([]);
  });

  it('keeps the domain synchronous: it decides on what it is given and awaits nothing (reading is plumbing)', () => {
    expect(awaitingDomainFiles()).toEqual([]);
  });

  it('has no cycle between folders', () => {
    expect(folderCycles(imports)).toEqual([]);
  });

  it('names every upward or sideways import and every cycle (the checks themselves)', () => {
    const sample: Import[] = [
      { from: 'domain/call/decide.ts', to: 'store/port.ts' },
      { from: 'domain/call/clock.ts', to: 'package:node:fs' },
      { from: 'store/memory.ts', to: 'projections/types.ts' },
      { from: 'projections/calls.ts', to: 'audit/seal.ts' },
      { from: 'commands/pipeline.ts', to: 'streams/load.ts' },
      { from: 'domain/a/x.ts', to: 'domain/b/y.ts' },
      { from: 'domain/b/y.ts', to: 'domain/c/z.ts' },
      { from: 'domain/c/z.ts', to: 'domain/a/x.ts' },
      { from: 'cli/main.ts', to: 'cli/commands/show.ts' },
      { from: 'cli/commands/show.ts', to: 'cli/output.ts' },
    ];
    expect(layeringViolations(sample)).toEqual([
      'domain/call/decide.ts imports store/port.ts: store is above domain',
      'domain/call/clock.ts imports node:fs: the domain is pure',
      'store/memory.ts imports projections/types.ts: projections is above store',
      'projections/calls.ts imports audit/seal.ts: audit is above projections',
    ]);
    expect(folderCycles(sample)).toEqual([['domain/a', 'domain/b', 'domain/c']]);
  });
});
