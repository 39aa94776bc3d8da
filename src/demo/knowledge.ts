import type { items } from './organisation.js';

/**
 * The demo company's service knowledge (C1): the problems its products have, in the five
 * languages of its customers and sources, the causes found and the solutions that fix them.
 * Each problem has a few fixes, some far more often right than others, so that ranking by
 * what solved calls and stayed solved has something to learn.
 */
type Titles = Readonly<{ en: string; fr: string; it: string; es: string; nl: string }>;
type Item = (typeof items)[number];

export interface DemoProblem {
  readonly code: string;
  readonly item: Item;
  readonly titles: Titles;
  /** How customers put it (the description) and the engineer's symptom. */
  readonly symptoms: readonly string[];
  /** [cause, solution, weight]: how often each is the real fix. */
  readonly fixes: ReadonlyArray<readonly [cause: string, solution: string, weight: number]>;
}

/** Titles written as 'en|fr|it|es|nl', one line each. */
function t(titles: string): Titles {
  const [en = '', fr = '', it = '', es = '', nl = ''] = titles.split('|');
  return { en, fr, it, es, nl };
}

/** Solutions as 'en|fr|it|es|nl'. */
export const demoSolutions: Readonly<Record<string, string>> = {
  'S-RESTART':
    "Restart the device|Redémarrer l'appareil|Riavviare il dispositivo|Reiniciar el equipo|Apparaat herstarten",
  'S-PSU':
    "Replace the power supply|Remplacer l'alimentation|Sostituire l'alimentatore|Sustituir la fuente de alimentación|Voeding vervangen",
  'S-DISK':
    "Replace the disk and rebuild the array|Remplacer le disque et reconstruire la grappe|Sostituire il disco e ricostruire l'array|Sustituir el disco y reconstruir el RAID|Schijf vervangen en array herbouwen",
  'S-FIRMWARE':
    'Update the firmware|Mettre à jour le micrologiciel|Aggiornare il firmware|Actualizar el firmware|Firmware bijwerken',
  'S-FAN':
    'Replace the fan|Remplacer le ventilateur|Sostituire la ventola|Sustituir el ventilador|Ventilator vervangen',
  'S-MEMORY':
    'Replace the memory module|Remplacer la barrette mémoire|Sostituire il modulo di memoria|Sustituir el módulo de memoria|Geheugenmodule vervangen',
  'S-CLEANUP':
    'Clean up the disk|Nettoyer le disque|Pulire il disco|Limpiar el disco|Schijf opschonen',
  'S-REIMAGE':
    "Reinstall the system image|Réinstaller l'image système|Reinstallare l'immagine di sistema|Reinstalar la imagen del sistema|Systeemimage herinstalleren",
  'S-CABLE':
    'Reseat or replace the cable|Rebrancher ou remplacer le câble|Ricollegare o sostituire il cavo|Reconectar o sustituir el cable|Kabel opnieuw aansluiten of vervangen',
  'S-DRIVER':
    'Reinstall the driver|Réinstaller le pilote|Reinstallare il driver|Reinstalar el controlador|Stuurprogramma herinstalleren',
  'S-BATTERY':
    'Replace the battery|Remplacer la batterie|Sostituire la batteria|Sustituir la batería|Accu vervangen',
  'S-KEYBOARD':
    'Replace the keyboard|Remplacer le clavier|Sostituire la tastiera|Sustituir el teclado|Toetsenbord vervangen',
  'S-SCREEN':
    "Replace the screen|Remplacer l'écran|Sostituire lo schermo|Sustituir la pantalla|Scherm vervangen",
  'S-DOCK':
    "Replace the docking station|Remplacer la station d'accueil|Sostituire la docking station|Sustituir la base de conexión|Dockingstation vervangen",
  'S-ROLLER':
    "Replace the pickup roller|Remplacer le rouleau d'entraînement|Sostituire il rullo di prelievo|Sustituir el rodillo de arrastre|Invoerrol vervangen",
  'S-GUIDES':
    'Adjust the paper guides|Régler les guides papier|Regolare le guide carta|Ajustar las guías del papel|Papiergeleiders afstellen',
  'S-DRUM':
    "Clean the drum unit|Nettoyer le tambour|Pulire l'unità tamburo|Limpiar el tambor|Drumeenheid reinigen",
  'S-FUSER':
    "Replace the fuser|Remplacer l'unité de fusion|Sostituire l'unità di fusione|Sustituir el fusor|Fuser vervangen",
  'S-TONER':
    'Replace the toner cartridge|Remplacer la cartouche de toner|Sostituire la cartuccia del toner|Sustituir el cartucho de tóner|Tonercartridge vervangen',
  'S-SCANNER':
    'Calibrate the scanner|Calibrer le scanner|Calibrare lo scanner|Calibrar el escáner|Scanner kalibreren',
  'S-PORT':
    'Move the link to a spare port|Basculer le lien sur un port de secours|Spostare il collegamento su una porta di riserva|Mover el enlace a un puerto de reserva|Verbinding naar een reservepoort verplaatsen',
  'S-VPN':
    'Correct the VPN configuration|Corriger la configuration VPN|Correggere la configurazione VPN|Corregir la configuración VPN|VPN-configuratie corrigeren',
  'S-ISP':
    "Have the provider repair the line|Faire réparer la ligne par l’opérateur|Far riparare la linea all'operatore|Hacer reparar la línea por el operador|Lijn laten herstellen door de provider",
  'S-ROUTES':
    'Correct the routing table|Corriger la table de routage|Correggere la tabella di routing|Corregir la tabla de rutas|Routeringstabel corrigeren',
  'S-UPS-BATTERY':
    'Replace the battery pack|Remplacer le bloc de batteries|Sostituire il pacco batterie|Sustituir el paquete de baterías|Accupakket vervangen',
  'S-SENSOR':
    'Recalibrate the voltage sensor|Recalibrer le capteur de tension|Ricalibrare il sensore di tensione|Recalibrar el sensor de tensión|Spanningssensor herkalibreren',
  'S-LOAD':
    'Rebalance the load|Rééquilibrer la charge|Ribilanciare il carico|Reequilibrar la carga|Belasting herverdelen',
  'S-NMC':
    'Replace the network management card|Remplacer la carte de gestion réseau|Sostituire la scheda di gestione di rete|Sustituir la tarjeta de gestión de red|Netwerkbeheerkaart vervangen',
};

/** Causes as 'en|fr' (the engineers' languages). */
export const demoCauses: Readonly<Record<string, string>> = {
  'C-PSU': 'Failed power supply|Alimentation défaillante',
  'C-DISK': 'Failed disk|Disque défaillant',
  'C-FIRMWARE': 'Firmware defect|Défaut du micrologiciel',
  'C-FAN': 'Failed fan|Ventilateur défaillant',
  'C-MEMORY': 'Faulty memory|Mémoire défectueuse',
  'C-TEMP-FILES': 'Disk full of temporary files|Disque plein de fichiers temporaires',
  'C-CORRUPT-OS': 'Corrupted system|Système corrompu',
  'C-CABLE': 'Loose or damaged cable|Câble débranché ou abîmé',
  'C-DRIVER': 'Broken driver|Pilote défectueux',
  'C-WORN-BATTERY': 'Worn battery|Batterie usée',
  'C-LIQUID': 'Liquid damage|Dégât des eaux',
  'C-HINGE': 'Broken hinge cable|Nappe de charnière cassée',
  'C-DOCK': "Faulty docking station|Station d'accueil défectueuse",
  'C-ROLLER': "Worn pickup roller|Rouleau d'entraînement usé",
  'C-GUIDES': 'Misaligned paper guides|Guides papier mal réglés',
  'C-DRUM': 'Dirty drum|Tambour encrassé',
  'C-FUSER': 'Worn fuser|Unité de fusion usée',
  'C-TONER': 'Empty or faulty toner|Toner vide ou défectueux',
  'C-SCANNER': 'Scanner out of calibration|Scanner décalibré',
  'C-WAN-PORT': 'Failed WAN port|Port WAN défaillant',
  'C-DPD': 'Wrong DPD timer|Mauvais délai DPD',
  'C-LINE': "Provider line fault|Défaut de ligne de l'opérateur",
  'C-ROUTES': 'Wrong static route|Route statique erronée',
  'C-UPS-BATTERY': 'Battery end of life|Batterie en fin de vie',
  'C-SENSOR': "Input voltage sensor drift|Dérive du capteur de tension d'entrée",
  'C-OVERLOAD': 'Overloaded outlet group|Groupe de prises surchargé',
  'C-NMC': 'Failed management card|Carte de gestion défaillante',
};

/** Reads one line of demoProblems. */
function problem(line: string): DemoProblem {
  const [head = '', titles = '', symptoms = '', fixes = ''] = line.split(' ; ');
  const [code = '', item = ''] = head.split(' ');
  return {
    code,
    item: item as Item,
    titles: t(titles),
    symptoms: symptoms.split(' / '),
    fixes: fixes.split(', ').map((fix) => {
      const [cause = '', solution = '', weight = '1'] = fix.split(' ');
      return [cause, solution, Number(weight)] as const;
    }),
  };
}

/** Problems as 'CODE ITEM ; en|fr|it|es|nl ; how customers put it / … ; CAUSE SOLUTION WEIGHT, …'. */
export const demoProblems: readonly DemoProblem[] = [
  'P-SRV-NOBOOT server-r740 ; Server does not boot|Le serveur ne démarre pas|Il server non si avvia|El servidor no arranca|Server start niet op ; Server does not boot, three beeps / Server dead after the weekend, no power light ; C-PSU S-PSU 6, C-MEMORY S-MEMORY 3, C-FIRMWARE S-FIRMWARE 1',
  'P-SRV-RAID server-r740 ; RAID array degraded|Grappe RAID dégradée|Array RAID degradato|RAID degradado|RAID-array gedegradeerd ; RAID degraded, amber disk light / Storage warning: array degraded ; C-DISK S-DISK 8, C-FIRMWARE S-FIRMWARE 2',
  'P-SRV-HEAT server-r740 ; Server overheats|Le serveur surchauffe|Il server si surriscalda|El servidor se sobrecalienta|Server raakt oververhit ; Server very loud and hot, thermal alarm / Temperature alarm on the server ; C-FAN S-FAN 7, C-FIRMWARE S-FIRMWARE 3',
  'P-SRV-CRASH server-r740 ; Server crashes at random|Le serveur plante au hasard|Il server si blocca a caso|El servidor se cuelga al azar|Server crasht willekeurig ; Server reboots by itself at night / Blue screen on the server, random crashes ; C-MEMORY S-MEMORY 5, C-FIRMWARE S-FIRMWARE 4, C-PSU S-PSU 1',
  'P-PC-SLOW pc-optiplex ; PC very slow|PC très lent|PC molto lento|PC muy lento|Pc erg traag ; PC very slow since last week / Everything takes minutes to open on the PC ; C-TEMP-FILES S-CLEANUP 6, C-CORRUPT-OS S-REIMAGE 3, C-DISK S-DISK 1',
  "P-PC-NODISPLAY pc-optiplex ; No display|Pas d'affichage|Nessuna immagine|Sin imagen|Geen beeld ; No display, screen stays black / Monitor says no signal ; C-CABLE S-CABLE 7, C-DRIVER S-DRIVER 3",
  'P-PC-NOBOOT pc-optiplex ; PC does not start|Le PC ne démarre pas|Il PC non si accende|El PC no arranca|Pc start niet ; PC does not start, no lights / PC beeps and stops at start ; C-PSU S-PSU 5, C-MEMORY S-MEMORY 4, C-CORRUPT-OS S-REIMAGE 1',
  "P-PC-NETWORK pc-optiplex ; PC has no network|Le PC n'a pas de réseau|Il PC non ha rete|El PC no tiene red|Pc heeft geen netwerk ; No network on the PC, cable icon crossed / PC cannot reach the intranet ; C-CABLE S-CABLE 6, C-DRIVER S-DRIVER 4",
  'P-LAP-BATTERY laptop-latitude ; Battery drains fast|La batterie se vide vite|La batteria si scarica in fretta|La batería se agota rápido|Accu loopt snel leeg ; Battery drains in an hour / Laptop dies as soon as it is unplugged ; C-WORN-BATTERY S-BATTERY 8, C-FIRMWARE S-FIRMWARE 2',
  'P-LAP-KEYS laptop-latitude ; Keyboard keys stuck|Touches du clavier bloquées|Tasti della tastiera bloccati|Teclas del teclado atascadas|Toetsen blijven hangen ; Keyboard keys stuck after coffee / Several keys do not type ; C-LIQUID S-KEYBOARD 8, C-DRIVER S-DRIVER 2',
  "P-LAP-SCREEN laptop-latitude ; Screen flickers|L'écran scintille|Lo schermo sfarfalla|La pantalla parpadea|Scherm flikkert ; Screen flickers when the lid moves / Laptop screen goes black and comes back ; C-HINGE S-SCREEN 6, C-DRIVER S-DRIVER 4",
  "P-LAP-DOCK laptop-latitude ; Docking station not recognised|Station d'accueil non reconnue|Docking station non riconosciuta|Base de conexión no reconocida|Dockingstation niet herkend ; External monitors stay black on the dock / Dock not recognised, no USB ; C-DOCK S-DOCK 4, C-FIRMWARE S-FIRMWARE 5, C-CABLE S-CABLE 1",
  'P-CPY-JAM copier-mx5 ; Paper jam|Bourrage papier|Inceppamento carta|Atasco de papel|Papierstoring ; Paper jams on tray 2 / Paper gets stuck at every copy ; C-ROLLER S-ROLLER 6, C-GUIDES S-GUIDES 3, C-FUSER S-FUSER 1',
  'P-CPY-STREAKS copier-mx5 ; Streaks on copies|Traînées sur les copies|Strisce sulle copie|Rayas en las copias|Strepen op kopieën ; Streaks on copies / Grey lines down every page ; C-DRUM S-DRUM 6, C-TONER S-TONER 3, C-FUSER S-FUSER 1',
  'P-CPY-FAINT copier-mx5 ; Faint prints|Impressions pâles|Stampe sbiadite|Impresiones pálidas|Vage afdrukken ; Prints come out faint / Copies are pale and smudge ; C-TONER S-TONER 5, C-FUSER S-FUSER 4, C-DRUM S-DRUM 1',
  'P-CPY-SCAN copier-mx5 ; Scans are skewed|Numérisations de travers|Scansioni storte|Escaneos torcidos|Scans staan scheef ; Scans come out skewed / Scanned pages are cut off ; C-SCANNER S-SCANNER 7, C-FIRMWARE S-FIRMWARE 3',
  'P-RTR-DOWN router-isr ; Site offline|Site hors ligne|Sede offline|Sede sin conexión|Locatie offline ; Site offline, no internet / Whole office lost the connection ; C-WAN-PORT S-PORT 4, C-LINE S-ISP 5, C-PSU S-PSU 1',
  'P-RTR-VPN router-isr ; VPN drops|Le VPN décroche|La VPN cade|La VPN se cae|VPN valt weg ; VPN drops hourly / Tunnel to head office keeps reconnecting ; C-DPD S-VPN 7, C-FIRMWARE S-FIRMWARE 3',
  'P-RTR-SLOW router-isr ; Network slow|Réseau lent|Rete lenta|Red lenta|Netwerk traag ; Network very slow in the afternoon / Internet crawls, calls break up ; C-LINE S-ISP 4, C-ROUTES S-ROUTES 4, C-FIRMWARE S-FIRMWARE 2',
  'P-RTR-UNREACH router-isr ; Server unreachable from a site|Serveur injoignable depuis un site|Server irraggiungibile da una sede|Servidor inaccesible desde una sede|Server onbereikbaar vanaf een locatie ; Cannot reach the file server from the branch / One subnet unreachable ; C-ROUTES S-ROUTES 8, C-WAN-PORT S-PORT 2',
  "P-UPS-ALARM ups-3000 ; UPS alarm beeping|L'onduleur sonne|L'UPS emette un allarme|El SAI pita|UPS geeft alarm ; UPS alarm beeping / UPS beeps every few minutes ; C-UPS-BATTERY S-UPS-BATTERY 8, C-NMC S-NMC 2",
  "P-UPS-BATTERY ups-3000 ; UPS switches to battery|L'onduleur passe sur batterie|L'UPS passa a batteria|El SAI pasa a batería|UPS schakelt naar accu ; UPS switches to battery / UPS goes on battery with mains present ; C-SENSOR S-SENSOR 6, C-UPS-BATTERY S-UPS-BATTERY 2, C-FIRMWARE S-FIRMWARE 2",
  "P-UPS-OVERLOAD ups-3000 ; UPS overload|Surcharge de l'onduleur|Sovraccarico dell'UPS|Sobrecarga del SAI|UPS overbelast ; UPS shows overload / Overload light on the UPS ; C-OVERLOAD S-LOAD 8, C-SENSOR S-SENSOR 2",
  'P-UPS-NOMGMT ups-3000 ; UPS not reachable for monitoring|Onduleur injoignable pour la supervision|UPS non raggiungibile dal monitoraggio|SAI inaccesible para la supervisión|UPS onbereikbaar voor monitoring ; UPS monitoring lost / No SNMP answer from the UPS ; C-NMC S-NMC 6, C-FIRMWARE S-FIRMWARE 3, C-CABLE S-CABLE 1',
].map(problem);

/** The definitions an administrator runs: problems scoped to their item, causes and solutions shared. */
export function knowledgeCommands(): Array<Record<string, unknown>> {
  return [
    ...demoProblems.map(({ code, item, titles }) => ({
      type: 'DefineKnowledgeCode',
      kind: 'problem',
      code,
      titles,
      items: [item],
    })),
    ...Object.entries(demoCauses).map(([code, titles]) => {
      const [en = '', fr = ''] = titles.split('|');
      return { type: 'DefineKnowledgeCode', kind: 'cause', code, titles: { en, fr } };
    }),
    ...Object.entries(demoSolutions).map(([code, titles]) => ({
      type: 'DefineKnowledgeCode',
      kind: 'solution',
      code,
      titles: t(titles),
    })),
  ];
}

/** What a planned call's diagnosis records: the words and the codes. */
export interface DrawnProblem {
  readonly symptom: string;
  readonly cause: string;
  readonly solution: string;
  readonly codes: { readonly problem: string; readonly cause: string; readonly solution: string };
  /** A plausible fix that is not the right one: what a first attempt that fails applies. */
  readonly wrongSolution: string;
}

const problemsByItem = new Map<string, DemoProblem[]>();
for (const known of demoProblems)
  problemsByItem.set(known.item, [...(problemsByItem.get(known.item) ?? []), known]);

/** A problem of the item, how the customer puts it, and its real fix, by the fixes' weights. */
export function drawProblem(
  random: {
    pick<T>(items: readonly T[]): T;
    weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T;
  },
  item: string,
): DrawnProblem {
  const drawn = random.pick(problemsByItem.get(item)!);
  const [cause, solution] = random.weighted(drawn.fixes.map((fix) => [fix, fix[2]] as const));
  const others = drawn.fixes.filter((fix) => fix[1] !== solution).map((fix) => fix[1]);
  return {
    symptom: random.pick(drawn.symptoms),
    cause: (demoCauses[cause] ?? cause).split('|')[0]!,
    solution: (demoSolutions[solution] ?? solution).split('|')[0]!,
    codes: { problem: drawn.code, cause, solution },
    wrongSolution: others.length > 0 ? random.pick(others) : 'S-RESTART',
  };
}

/** A solution's English title, as the engineer writes it on the resolution. */
export const solutionWords = (code: string): string => (demoSolutions[code] ?? code).split('|')[0]!;
