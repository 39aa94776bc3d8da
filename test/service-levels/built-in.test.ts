import { describe, expect, it } from 'vitest';
import { builtInServiceLevels, serviceLevelRulesSchema } from '../../src/domain/index.js';

describe("callstream's built-in service levels", () => {
  it('are written out exactly as the rules schema reads them: valid, every default spelt out, in the schema order', () => {
    const parsed = serviceLevelRulesSchema.parse(builtInServiceLevels.rules);
    expect(parsed).toEqual(builtInServiceLevels.rules);
    // Same keys in the same order: stored or printed, the written-out rules look like parsed ones.
    expect(JSON.stringify(parsed)).toBe(JSON.stringify(builtInServiceLevels.rules));
  });
});
