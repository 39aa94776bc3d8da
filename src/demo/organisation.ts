import type { Actor, Channel, Language } from '../domain/index.js';

/**
 * The fictional service company the demo runs: an IT and office-equipment service
 * provider with customers in France and Italy, the source's own example among them.
 */
export interface DemoCustomer {
  readonly id: string;
  readonly name: string;
  readonly sites: ReadonlyArray<{
    readonly id: string;
    readonly city: string;
    readonly country: 'FR' | 'IT';
  }>;
  readonly contact: {
    readonly id: string;
    readonly name: string;
    readonly email: string;
    readonly phone: string;
  };
  /** The month and day (MM-DD) the contract ends in its year, if before the year's end. */
  readonly contractUntil?: string;
  /** The language of their notifications, when it is not their first site's country's. */
  readonly language?: Language;
}

export interface DemoEquipment {
  readonly serialNumber: string;
  readonly item: string;
  readonly customerId: string;
  readonly siteId: string;
  /** For Acme: whether the contract covers it (the source's example). */
  readonly covered?: boolean;
  /** The month and day (MM-DD) its warranty ends, the year after the set-up's (bought the year before). */
  readonly warrantyUntil?: string;
}

export const customers: readonly DemoCustomer[] = [
  {
    id: 'acme',
    name: 'Acme Logistics',
    // A group across two countries that works in English: its notifications are in English.
    language: 'en',
    sites: [
      { id: 'acme-paris', city: 'Paris', country: 'FR' },
      { id: 'acme-rome', city: 'Rome', country: 'IT' },
    ],
    contact: {
      id: 'acme-claire',
      name: 'Claire Martin',
      email: 'claire.martin@acme.example',
      phone: '+33 1 55 00 00 01',
    },
  },
  {
    id: 'bellini',
    name: 'Bellini Ceramiche',
    sites: [{ id: 'bellini-milano', city: 'Milano', country: 'IT' }],
    contact: {
      id: 'bellini-marco',
      name: 'Marco Bellini',
      email: 'marco@bellini.example',
      phone: '+39 02 0000 0002',
    },
  },
  {
    id: 'dupont',
    name: 'Dupont Assurances',
    sites: [
      { id: 'dupont-lyon', city: 'Lyon', country: 'FR' },
      { id: 'dupont-lille', city: 'Lille', country: 'FR' },
    ],
    contact: {
      id: 'dupont-sophie',
      name: 'Sophie Dupont',
      email: 'sophie@dupont.example',
      phone: '+33 4 00 00 00 03',
    },
  },
  {
    id: 'verdi',
    name: 'Studio Verdi',
    sites: [{ id: 'verdi-torino', city: 'Torino', country: 'IT' }],
    contact: {
      id: 'verdi-giulia',
      name: 'Giulia Verdi',
      email: 'giulia@verdi.example',
      phone: '+39 011 000 0004',
    },
  },
  {
    id: 'lemaire',
    name: 'Clinique Lemaire',
    sites: [{ id: 'lemaire-nantes', city: 'Nantes', country: 'FR' }],
    contact: {
      id: 'lemaire-paul',
      name: 'Paul Lemaire',
      email: 'paul@lemaire.example',
      phone: '+33 2 00 00 00 05',
    },
    contractUntil: '10-31',
  },
  {
    id: 'rossi',
    name: 'Rossi Trasporti',
    sites: [
      { id: 'rossi-napoli', city: 'Napoli', country: 'IT' },
      { id: 'rossi-bari', city: 'Bari', country: 'IT' },
    ],
    contact: {
      id: 'rossi-luca',
      name: 'Luca Rossi',
      email: 'luca@rossi.example',
      phone: '+39 081 000 0006',
    },
  },
];

export const items = [
  'server-r740',
  'pc-optiplex',
  'laptop-latitude',
  'copier-mx5',
  'router-isr',
  'ups-3000',
] as const;

const serial = (item: string, customerId: string, suffix: string) =>
  `${item.split('-')[0]!.toUpperCase()}-${customerId.slice(0, 3).toUpperCase()}${suffix}`;

/** Acme as the source describes it: Paris 3 of 5 servers and all 30 PCs covered; Rome 1 of 3 servers and 5 of 8 PCs. */
const acme: DemoEquipment[] = [
  ...[1, 2, 3, 4, 5].map((n) => ({
    serialNumber: serial('server', 'acme', `P${n}`),
    item: 'server-r740',
    customerId: 'acme',
    siteId: 'acme-paris',
    covered: n <= 3,
  })),
  ...Array.from({ length: 30 }, (_, n) => ({
    serialNumber: serial('pc', 'acme', `P${String(n + 1).padStart(2, '0')}`),
    item: 'pc-optiplex',
    customerId: 'acme',
    siteId: 'acme-paris',
    covered: true,
  })),
  ...[1, 2, 3].map((n) => ({
    serialNumber: serial('server', 'acme', `R${n}`),
    item: 'server-r740',
    customerId: 'acme',
    siteId: 'acme-rome',
    covered: n === 1,
  })),
  ...Array.from({ length: 8 }, (_, n) => ({
    serialNumber: serial('pc', 'acme', `R${n + 1}`),
    item: 'pc-optiplex',
    customerId: 'acme',
    siteId: 'acme-rome',
    covered: n < 5,
  })),
];

/** The installed base: Acme's, and one of each item per site of the others; recent laptops still under warranty. */
export const equipment: readonly DemoEquipment[] = [
  ...acme,
  ...customers
    .filter((customer) => customer.id !== 'acme')
    .flatMap((customer) =>
      customer.sites.flatMap((site, s) =>
        items.map((item, i) => ({
          serialNumber: serial(item, customer.id, `${s}${i}`),
          item,
          customerId: customer.id,
          siteId: site.id,
          ...(item === 'laptop-latitude' ? { warrantyUntil: '06-30' } : {}),
        })),
      ),
    ),
];

export const staff = {
  rita: { id: 'rita', role: 'call-taker', name: 'Rita Moreau' },
  ann: { id: 'ann', role: 'agent', name: 'Ann Lefèvre' },
  marco: { id: 'marco', role: 'agent', name: 'Marco Conti' },
  eve: { id: 'eve', role: 'engineer', name: 'Eve Garnier' },
  luca: { id: 'luca', role: 'engineer', name: 'Luca Ferri' },
  ines: { id: 'ines', role: 'engineer', name: 'Inès Roux' },
  otto: { id: 'otto', role: 'engineer', name: 'Otto Bianchi' },
  hugo: { id: 'hugo', role: 'engineer', name: 'Hugo Blanc' },
  lea: { id: 'lea', role: 'engineer', name: 'Léa Girard' },
  remi: { id: 'remi', role: 'engineer', name: 'Rémi Fabre' },
  sara: { id: 'sara', role: 'engineer', name: 'Sara Greco' },
  paolo: { id: 'paolo', role: 'engineer', name: 'Paolo Riva' },
  sam: { id: 'sam', role: 'supervisor', name: 'Sam Petit' },
  bill: { id: 'bill', role: 'billing', name: 'Billing office' },
  mail: { id: 'mail-parser', role: 'system' },
  portal: { id: 'self-service-portal', role: 'system' },
} satisfies Record<string, Actor>;

export const engineers = [
  staff.eve,
  staff.luca,
  staff.ines,
  staff.otto,
  staff.hugo,
  staff.lea,
  staff.remi,
  staff.sara,
  staff.paolo,
] as const;
export const agents = [staff.ann, staff.marco] as const;
export const groups = ['servers-l1', 'workplace-l1', 'print-l1', 'network-l1'] as const;
/** Who works in which group (the organisation's members, see setup.ts). */
export const groupMembers: Readonly<Record<(typeof groups)[number], readonly Actor[]>> = {
  'servers-l1': [staff.eve, staff.luca, staff.lea, staff.sara],
  'workplace-l1': [staff.ines, staff.otto, staff.luca, staff.hugo, staff.remi, staff.sara],
  'print-l1': [staff.otto, staff.ines, staff.hugo, staff.paolo],
  'network-l1': [staff.luca, staff.eve, staff.lea, staff.paolo],
};
/** Who inspects and services the extinguishers (planned work): one engineer a country. */
export const facilitiesMembers = [staff.otto, staff.ines] as const;
/** The item groups of the item master: what each first-line group looks after. */
export const itemGroups = ['servers', 'workplace', 'print', 'network'] as const;
export type ItemGroup = (typeof itemGroups)[number];
export const itemGroupOf = (item: string): ItemGroup =>
  ['server-r740', 'ups-3000'].includes(item)
    ? 'servers'
    : item === 'copier-mx5'
      ? 'print'
      : item === 'router-isr'
        ? 'network'
        : 'workplace';
/** The first-line group that looks after an item group. */
export const groupOfItemGroup: Readonly<Record<ItemGroup, (typeof groups)[number]>> = {
  servers: 'servers-l1',
  workplace: 'workplace-l1',
  print: 'print-l1',
  network: 'network-l1',
};
export const secondLine = ['servers-l2', 'network-experts'] as const;
export const depots = ['depot-lyon', 'depot-bologna'] as const;
export const subcontractors = ['fixit-srl', 'copieurs-services'] as const;

export const humanChannels: readonly Channel[] = [
  'phone',
  'email',
  'web-chat',
  'teams',
  'whatsapp',
  'walk-in',
];
export const electronicChannels: readonly Channel[] = ['email', 'web-form', 'api', 'facebook', 'x'];
