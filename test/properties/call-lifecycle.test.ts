import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { v4 as uuid } from 'uuid';
import { DomainError } from '../../src/domain/index.js';
import { loadCall } from '../../src/streams/index.js';
import { callAction } from '../support/arbitraries.js';
import { expectCallInvariants } from '../support/invariants.js';
import { logCallRequest, testPipeline } from '../support/pipeline.js';

describe('call life cycle properties', () => {
  it('no command sequence breaks an invariant, and replaying the stream gives the state the pipeline returned', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(callAction, { minLength: 1, maxLength: 40, size: 'max' }),
        async (actions) => {
          const { pipeline, store } = testPipeline();
          const logged = await pipeline.execute(logCallRequest());
          let latest = logged;
          let revision = logged.revision;
          for (const action of actions) {
            try {
              const result = await pipeline.execute({
                ...action,
                commandId: uuid(),
                call: latest.callId,
              });
              expect(result.revision).toBe(revision + BigInt(result.events.length));
              revision = result.revision;
              latest = result;
              expect(result.number).toBe(logged.number);
              expectCallInvariants(result.state);
            } catch (error) {
              if (!(error instanceof DomainError)) throw error; // only rules may say no
            }
          }
          const replayed = await loadCall(store, logged.callId);
          expect(replayed.revision).toBe(revision);
          expect(replayed.state).toEqual(latest.state);
        },
      ),
      { numRuns: 150 },
    );
  });
});
