/** Where a request or call arrives from: the call, the request inbox and the organisation's auto-accept list name them. */
export const channels = [
  'email',
  'phone',
  'ivr',
  'web-form',
  'web-chat',
  'teams',
  'whatsapp',
  'facebook',
  'x',
  'api',
  'alarm',
  'meter',
  'planner',
  'walk-in',
] as const;
export type Channel = (typeof channels)[number];

/** What a request about a product (not a customer's installation) is about. */
export const productCategories = ['pre-sales', 'complaint', 'technical-question'] as const;
export type ProductCategory = (typeof productCategories)[number];
