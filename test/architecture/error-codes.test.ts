import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { domainErrorCodes } from '../../src/domain/index.js';

const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sources(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );

describe('the DomainError codes an embedding application can switch on', () => {
  it('lists each code once, and only codes something in src still gives', () => {
    expect(new Set(domainErrorCodes).size).toBe(domainErrorCodes.length);
    const given = sources('src')
      .filter((file) => !file.endsWith(join('shared', 'error-codes.ts')))
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    const unused = domainErrorCodes.filter((code) => !given.includes(`'${code}'`));
    expect(unused).toEqual([]);
  });
});
