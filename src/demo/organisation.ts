import type { Actor, Channel } from '../domain/index.js';

/**
 * The fictional service company the demo runs: an IT and office-equipment service
 * provider with customers in France and Italy, the source's own example among them.
 */
export interface DemoCustomer {
  readonly id: string;
  readonly name: string;
  readonly sites: readonly { readonly id: string; readonly city: string }[];
  readonly contact: { readonly id: string; readonly name: string; readonly email: string; readonly phone: string };
}

export interface DemoEquipment {
  readonly serialNumber: string;
  readonly item: string;
  readonly customerId: string;
  readonly siteId: string;
}

export const customers: readonly DemoCustomer[] = [
  { id: 'acme', name: 'Acme Logistics', sites: [{ id: 'acme-paris', city: 'Paris' }, { id: 'acme-rome', city: 'Rome' }], contact: { id: 'acme-claire', name: 'Claire Martin', email: 'claire.martin@acme.example', phone: '+33 1 55 00 00 01' } },
  { id: 'bellini', name: 'Bellini Ceramiche', sites: [{ id: 'bellini-milano', city: 'Milano' }], contact: { id: 'bellini-marco', name: 'Marco Bellini', email: 'marco@bellini.example', phone: '+39 02 0000 0002' } },
  { id: 'dupont', name: 'Dupont Assurances', sites: [{ id: 'dupont-lyon', city: 'Lyon' }, { id: 'dupont-lille', city: 'Lille' }], contact: { id: 'dupont-sophie', name: 'Sophie Dupont', email: 'sophie@dupont.example', phone: '+33 4 00 00 00 03' } },
  { id: 'verdi', name: 'Studio Verdi', sites: [{ id: 'verdi-torino', city: 'Torino' }], contact: { id: 'verdi-giulia', name: 'Giulia Verdi', email: 'giulia@verdi.example', phone: '+39 011 000 0004' } },
  { id: 'lemaire', name: 'Clinique Lemaire', sites: [{ id: 'lemaire-nantes', city: 'Nantes' }], contact: { id: 'lemaire-paul', name: 'Paul Lemaire', email: 'paul@lemaire.example', phone: '+33 2 00 00 00 05' } },
  { id: 'rossi', name: 'Rossi Trasporti', sites: [{ id: 'rossi-napoli', city: 'Napoli' }, { id: 'rossi-bari', city: 'Bari' }], contact: { id: 'rossi-luca', name: 'Luca Rossi', email: 'luca@rossi.example', phone: '+39 081 000 0006' } },
];

export const items = ['server-r740', 'pc-optiplex', 'laptop-latitude', 'copier-mx5', 'router-isr', 'ups-3000'] as const;

/** The installed base: a few pieces of equipment per site. */
export const equipment: readonly DemoEquipment[] = customers.flatMap((customer) =>
  customer.sites.flatMap((site, s) =>
    items.map((item, i) => ({ serialNumber: `${item.split('-')[0]!.toUpperCase()}-${customer.id.slice(0, 3).toUpperCase()}${s}${i}`, item, customerId: customer.id, siteId: site.id })),
  ),
);

export const staff = {
  rita: { id: 'rita', role: 'call-taker', name: 'Rita Moreau' },
  ann: { id: 'ann', role: 'agent', name: 'Ann Lefèvre' },
  marco: { id: 'marco', role: 'agent', name: 'Marco Conti' },
  eve: { id: 'eve', role: 'engineer', name: 'Eve Garnier' },
  luca: { id: 'luca', role: 'engineer', name: 'Luca Ferri' },
  ines: { id: 'ines', role: 'engineer', name: 'Inès Roux' },
  otto: { id: 'otto', role: 'engineer', name: 'Otto Bianchi' },
  sam: { id: 'sam', role: 'supervisor', name: 'Sam Petit' },
  bill: { id: 'bill', role: 'billing', name: 'Billing office' },
  mail: { id: 'mail-parser', role: 'system' },
  portal: { id: 'self-service-portal', role: 'system' },
} satisfies Record<string, Actor>;

export const engineers = [staff.eve, staff.luca, staff.ines, staff.otto] as const;
export const agents = [staff.ann, staff.marco] as const;
export const groups = ['servers-l1', 'workplace-l1', 'print-l1', 'network-l1'] as const;
export const secondLine = ['servers-l2', 'network-experts'] as const;
export const depots = ['depot-lyon', 'depot-bologna'] as const;
export const subcontractors = ['fixit-srl', 'copieurs-services'] as const;

export const humanChannels: readonly Channel[] = ['phone', 'email', 'web-chat', 'teams', 'whatsapp', 'walk-in'];
export const electronicChannels: readonly Channel[] = ['email', 'web-form', 'api', 'facebook', 'x'];

export const symptoms: Record<(typeof items)[number], readonly [string, string, string][]> = {
  'server-r740': [['Server does not boot, three beeps', 'Failed power supply', 'Replaced power supply'], ['RAID degraded', 'Disk 2 failed', 'Replaced disk and rebuilt the array']],
  'pc-optiplex': [['PC very slow', 'Disk full of temp files', 'Cleaned the disk and scheduled clean-up'], ['No display', 'Loose cable', 'Reseated the video cable']],
  'laptop-latitude': [['Battery drains in an hour', 'Worn battery', 'Replaced the battery'], ['Keyboard keys stuck', 'Liquid damage', 'Replaced the keyboard']],
  'copier-mx5': [['Paper jams on tray 2', 'Worn pickup roller', 'Replaced the pickup roller'], ['Streaks on copies', 'Dirty drum', 'Cleaned the drum unit']],
  'router-isr': [['Site offline', 'Failed WAN port', 'Moved the link to a spare port'], ['VPN drops hourly', 'Wrong DPD timer', 'Corrected the VPN configuration']],
  'ups-3000': [['UPS alarm beeping', 'Battery end of life', 'Replaced the battery pack'], ['UPS switches to battery', 'Input voltage sensor drift', 'Recalibrated the sensor']],
};
