import { Callstream } from '../../src/callstream.js';
import type { RecordedEvent } from '../../src/store/port.js';
import { commandCatalogue } from './command-catalogue.js';

/** Every call's stream from the command catalogue: every call event type, recorded for real. */
export async function catalogueCalls(): Promise<RecordedEvent[][]> {
  const callstream = await Callstream.open();
  for (const { command } of commandCatalogue()) await callstream.executeJson(command);
  const streams = new Map<string, RecordedEvent[]>();
  for await (const event of callstream.store.readAll())
    if (event.streamName.startsWith('call-'))
      streams.set(event.streamName, [...(streams.get(event.streamName) ?? []), event]);
  await callstream.close();
  return [...streams.values()].filter((stream) => stream[0]?.type === 'CallLogged');
}
