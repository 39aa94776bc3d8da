/** Each customer is one stream: customer-<customerId>. */
export const CUSTOMER_STREAM_PREFIX = 'customer-';
export const customerStreamName = (customerId: string): string =>
  `${CUSTOMER_STREAM_PREFIX}${customerId}`;
