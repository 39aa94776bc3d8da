/** Each contract is one stream: contract-<contractId>. */
export const CONTRACT_STREAM_PREFIX = 'contract-';
export const contractStreamName = (contractId: string): string =>
  `${CONTRACT_STREAM_PREFIX}${contractId}`;
