import { describe, expect, it } from 'vitest';
import { v5 as uuidv5 } from 'uuid';
import { Callstream } from '../../src/callstream.js';
import { inheritedNames } from '../../src/domain/index.js';
import { commandCatalogue } from '../support/command-catalogue.js';

/**
 * An id is user data, and every JavaScript object answers to some names (`constructor`,
 * `toString`, `valueOf`, …): looked up in a plain object, such a name finds Object's member,
 * not "no such block, line, task, transfer". Whatever a command names by id, such a name is
 * nothing the company has: the command is refused and writes nothing, at every point of the
 * catalogue's story. The boundary refuses these names in every id (`givenId`); the domain's
 * own lookups read own entries only (`entryOf`, specified with each decider in test/domain).
 */
const NAMESPACE = '5f4b9e1c-2a7d-4f0e-9c3b-7d1e2f3a4b5c';

/** Fields that name something by id: `…Id`, and the references named by their kind. */
const ID_FIELD = /(?:Id|^id|^group|^supportCentre|^purpose|^call|^engineer|^calendar)$/;

/** Ids a command records but callstream never looks up: the application's template that wrote a message. */
const RECORDED_ONLY = new Set(['QueueNotification template.id']);

/** Lists of ids given as strings: a group's members, the ids a command names at once. */
const ID_LIST = /(?:Ids|^members)$/;

type Path = ReadonlyArray<string | number>;

/** Every string naming an id, as a path, down through nested objects and lists (rules, areas, members). */
function idPaths(value: unknown, at: Path = []): Path[] {
  if (typeof value !== 'object' || value === null) return [];
  if (Array.isArray(value)) {
    const key = at[at.length - 1];
    return value.flatMap((member: unknown, i) =>
      typeof member === 'string'
        ? typeof key === 'string' && ID_LIST.test(key)
          ? [[...at, i]]
          : []
        : idPaths(member, [...at, i]),
    );
  }
  return Object.entries(value).flatMap(([key, member]) => {
    if (at.length === 0 && (key === 'commandId' || key === 'actor')) return [];
    const path = [...at, key];
    if (typeof member === 'string') return ID_FIELD.test(key) ? [path] : [];
    return idPaths(member, path);
  });
}

function withValue(value: unknown, path: Path, replacement: string): unknown {
  const [key, ...rest] = path;
  const inner = (member: unknown) =>
    rest.length === 0 ? replacement : withValue(member, rest, replacement);
  if (Array.isArray(value)) return value.map((member, i) => (i === key ? inner(member) : member));
  const record = value as Record<string, unknown>;
  return { ...record, [key!]: inner(record[key!]) };
}

describe('a name every object has is no id the company has', () => {
  it('every command of the catalogue, at its point in the story, is refused with such a name in any id it gives, and writes nothing', async () => {
    const callstream = await Callstream.open();
    let tried = 0;
    const wrote: string[] = [];
    for (const { command } of commandCatalogue()) {
      const paths = idPaths(command).filter(
        (path) => !RECORDED_ONLY.has(`${command.type} ${path.join('.')}`),
      );
      for (const path of paths) {
        for (const name of inheritedNames) {
          const head = await callstream.store.headPosition();
          const variant = {
            ...(withValue(command, path, name) as Record<string, unknown>),
            commandId: uuidv5(`${command.commandId}/${path.join('.')}/${name}`, NAMESPACE),
          };
          const outcome = await callstream.executeJson(variant).then(
            () => 'accepted',
            (error: unknown) => (error as { code?: string }).code ?? String(error),
          );
          tried++;
          const what = `${command.type} ${path.join('.')}=${name}: ${outcome}`;
          if (outcome === 'accepted' || (await callstream.store.headPosition()) !== head)
            wrote.push(what);
        }
      }
      await callstream.executeJson(command);
    }
    expect(wrote).toEqual([]);
    // Each of the catalogue's id-naming commands was tried, with each of the names.
    expect(tried).toBeGreaterThan(100 * inheritedNames.length);
    await callstream.close();
  }, 300_000);
});
