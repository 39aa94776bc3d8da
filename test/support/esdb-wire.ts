/**
 * EventStoreDB records as the gRPC Read API carries them, decoded by the client exactly as on
 * a live read: what the adapter's pure mappings are tested on without a server.
 */
import type { AllStreamResolvedEvent, ResolvedEvent } from '@eventstore/db-client';
import { convertGrpcEvent } from '@eventstore/db-client/dist/utils/convertGrpcEvent.js';
import { createStreamIdentifier } from '@eventstore/db-client/dist/utils/grpcStreamIdentifier.js';
import { createUUID } from '@eventstore/db-client/dist/utils/grpcUUID.js';
import streamsPb from '@eventstore/db-client/generated/streams_pb.js';

export interface WireRecord {
  readonly id?: string;
  readonly streamName?: string;
  readonly type: string;
  readonly revision?: bigint;
  readonly position?: { commit: bigint; prepare: bigint };
  readonly contentType?: string;
  readonly data: Uint8Array;
  readonly metadata?: Uint8Array;
  readonly createdMs?: number;
}

/** A record as the gRPC Read API carries it, decoded by the client exactly as on a live read. */
export function decode(record: WireRecord): ResolvedEvent & AllStreamResolvedEvent {
  const grpc = new streamsPb.ReadResp.ReadEvent.RecordedEvent();
  grpc.setId(createUUID(record.id ?? '6f1c2a5e-8d2b-4b53-9c51-0a4f3c7e2d11'));
  grpc.setStreamIdentifier(createStreamIdentifier(record.streamName ?? 'call-1'));
  grpc.setStreamRevision((record.revision ?? 0n).toString());
  if (record.position) {
    grpc.setCommitPosition(record.position.commit.toString());
    grpc.setPreparePosition(record.position.prepare.toString());
  }
  grpc.getMetadataMap().set('type', record.type);
  grpc.getMetadataMap().set('content-type', record.contentType ?? 'application/json');
  // The server sends "created" in .NET ticks (100 ns) since the Unix epoch.
  grpc
    .getMetadataMap()
    .set('created', (BigInt(record.createdMs ?? 1_763_888_400_000) * 10_000n).toString());
  grpc.setData(record.data);
  if (record.metadata) grpc.setCustomMetadata(record.metadata);
  const event = new streamsPb.ReadResp.ReadEvent();
  event.setEvent(grpc);
  return convertGrpcEvent<ResolvedEvent & AllStreamResolvedEvent>(event);
}

/** The bytes the client puts on the wire for a JSON event's data and metadata (see its batchAppend). */
export const wireBytes = (value: unknown): Uint8Array => Buffer.from(JSON.stringify(value), 'utf8');
