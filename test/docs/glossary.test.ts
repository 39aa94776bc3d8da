/**
 * The glossary stays true: every path it names exists, every requirement code a source
 * comment cites has its row, and every type or event it maps a word to is one the code
 * declares. Files move; this says which row to update.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { eventSchemas } from '../../src/domain/index.js';
import { typeScriptFiles } from '../support/source-files.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const glossary = readFileSync(join(root, 'docs/glossary.md'), 'utf8');
const [codesPart = '', wordsPart = ''] = glossary.split("## The domain's words");

const sources = typeScriptFiles(join(root, 'src')).map((file) => readFileSync(file, 'utf8'));

/** Requirement codes as comments cite them: A1–A9, B1–B5, C1–C5, D1–D5, E1–E3, F1–F3, alone or in a range. */
const citedCodes = new Set(
  sources.flatMap((text) =>
    [...text.matchAll(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g)].flatMap(([comment]) =>
      [...comment.matchAll(/\b([A-F][1-9])\b/g)].map((m) => m[1]!),
    ),
  ),
);
const listedCodes = new Set([...codesPart.matchAll(/^\| ([A-F][1-9]) \|/gm)].map((m) => m[1]!));

describe('docs/glossary.md', () => {
  it('names only paths that exist', () => {
    const paths = [...glossary.matchAll(/`((?:src|test|docs)\/[^`]+)`/g)].map((m) => m[1]!);
    expect(paths.length).toBeGreaterThan(40);
    expect(paths.filter((path) => !existsSync(join(root, path)))).toEqual([]);
  });

  it('lists every requirement code the sources cite, A1 to F3', () => {
    // Ids such as F1 (a follow-up) or B1 (a booking) appear in comments too: the catalogue's codes bound the check.
    const catalogue = /^(A[1-9]|B[1-5]|C[1-5]|D[1-5]|E[1-3]|F[1-3])$/;
    const cited = [...citedCodes].filter((code) => catalogue.test(code));
    expect(cited.length).toBeGreaterThan(20);
    expect(cited.filter((code) => !listedCodes.has(code)).sort()).toEqual([]);
    expect([...listedCodes].filter((code) => !catalogue.test(code))).toEqual([]);
  });

  it('maps the domain words to types and events the code declares', () => {
    const names = [...wordsPart.matchAll(/`([A-Za-z]+)`/g)]
      .map((m) => m[1]!)
      .filter((name) => /^[A-Za-z]+$/.test(name));
    const declared = (name: string) =>
      Object.hasOwn(eventSchemas, name) ||
      sources.some((text) =>
        new RegExp(`export (?:interface|type|const|function|async function|class) ${name}\\b`).test(
          text,
        ),
      );
    // Values such as `covered` are the members of a declared union, not declarations.
    const identifiers = names.filter((name) => /^[A-Z]|Decider$|^transactionLog$/.test(name));
    expect(identifiers.length).toBeGreaterThan(80);
    expect(identifiers.filter((name) => !declared(name))).toEqual([]);
  });
});
