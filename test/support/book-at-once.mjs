// A writer process for test/commands/many-writers.test.ts: opens the SQLite file with the
// compiled library, says "ready", and on "go" (a line on stdin) sends its bookings on one
// call all at once, none with an instant; it prints what landed and what was refused.
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { Callstream } from '../../dist/index.js';

const [file, call, writer, count] = process.argv.slice(2);
const callstream = await Callstream.open({ file });
const lines = createInterface({ input: process.stdin });
process.stdout.write('ready\n');
for await (const line of lines) if (line === 'go') break;
lines.close();
const outcomes = await Promise.allSettled(
  Array.from({ length: Number(count) }, (_, i) =>
    callstream.executeJson({
      type: 'BookTime',
      commandId: randomUUID(),
      actor: { id: 'eve', role: 'engineer' },
      call,
      labourType: 'remote',
      // Distinct per booking (fewer than 100 a writer), so the call shows which ones it holds;
      // each for an engineer of its own, so no one's day on the call passes 24 hours.
      minutes: 1 + i + Number(writer) * 100,
      engineer: `engineer-${writer}-${i}`,
    }),
  ),
);
await callstream.close();
process.stdout.write(
  `${JSON.stringify({
    landed: outcomes.flatMap((o) =>
      o.status === 'fulfilled' ? [o.value.events[0].data.minutes] : [],
    ),
    refused: outcomes.flatMap((o) =>
      o.status === 'rejected' ? [o.reason.code ?? o.reason.message] : [],
    ),
  })}\n`,
);
