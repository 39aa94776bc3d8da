import { quoted, visitEnd, visitStart, type LanguageTemplates } from './template.js';
import type { NotificationFacts } from './template.js';

const hello = ({ name }: NotificationFacts): string => (name ? `Beste ${name},` : 'Goedendag,');
const regards = '\n\nMet vriendelijke groet,\nUw servicedesk';
const refusals = {
  'unknown-customer':
    'We konden uw bericht niet aan een van onze klanten koppelen en hebben het daarom niet als serviceverzoek kunnen registreren. Wilt u ons opnieuw schrijven vanaf het e-mailadres dat bij ons bekend is, of uw klantnummer vermelden? Dan pakken we het meteen op.',
  blocked:
    'Op dit moment kunnen we voor uw account geen serviceverzoeken registreren. Neem alstublieft contact op met uw accountmanager of onze klantenservice; zij helpen u graag verder.',
  'no-active-contract':
    'We hebben geen servicecontract gevonden dat dit verzoek dekt. Neem contact met ons op als u wilt dat we het als betaalde opdracht uitvoeren, of om uw contract te verlengen.',
} as const;

/** Nederlandse teksten. */
export const nl: LanguageTemplates = {
  'call-logged': {
    version: 1,
    subject: (f) => `Uw melding ${f.number} is geregistreerd`,
    text: (f) =>
      `${hello(f)}\n\nwe hebben uw melding ${f.number} geregistreerd.${quoted(f.description)}\n\nVermeld ${f.number} alstublieft wanneer u hierover contact met ons opneemt, of beantwoord gewoon dit bericht.${regards}`,
  },
  'visit-planned': {
    version: 1,
    subject: (f) => `${f.number}: bezoek van een monteur gepland`,
    text: (f) =>
      `${hello(f)}\n\nvoor uw melding ${f.number} komt er een monteur bij u langs op ${visitStart('nl', f)}; het bezoek is naar verwachting om ${visitEnd('nl', f)} afgerond.\n\nKomt dit tijdstip u niet uit? Beantwoord dan dit bericht.${regards}`,
  },
  'visit-moved': {
    version: 1,
    subject: (f) => `${f.number}: het bezoek van de monteur is verplaatst`,
    text: (f) =>
      `${hello(f)}\n\nhet bezoek voor uw melding ${f.number} is verplaatst. Het nieuwe tijdstip is ${visitStart('nl', f)}, tot ongeveer ${visitEnd('nl', f)}. Excuses voor het ongemak.\n\nKomt dit tijdstip u niet uit? Beantwoord dan dit bericht.${regards}`,
  },
  'visit-cancelled': {
    version: 1,
    subject: (f) => `${f.number}: het bezoek van de monteur gaat niet door`,
    text: (f) =>
      `${hello(f)}\n\nhet bezoek voor uw melding ${f.number} op ${visitStart('nl', f)} gaat niet door. Uw melding blijft open: wij laten u weten hoe het verder gaat.\n\nHeeft u een vraag? Beantwoord dan dit bericht.${regards}`,
  },
  'solution-proposed': {
    version: 1,
    subject: (f) => `${f.number}: wilt u de oplossing bevestigen?`,
    text: (f) =>
      `${hello(f)}\n\nwe denken dat het probleem uit uw melding ${f.number} is opgelost.${quoted(f.solution)}\n\nWilt u controleren of alles weer naar behoren werkt? Is dat niet zo, beantwoord dan dit bericht en laat ons weten wat er nog misgaat: we gaan dan verder met uw melding.${regards}`,
  },
  'call-closed': {
    version: 1,
    subject: (f) => `Uw melding ${f.number} is afgesloten`,
    text: (f) =>
      `${hello(f)}\n\nuw melding ${f.number} is nu afgesloten. Dank voor uw geduld.\n\nKomt het probleem terug? Beantwoord dan dit bericht of vermeld ${f.number}, dan kijken we er opnieuw naar.${regards}`,
  },
  'call-cancelled': {
    version: 1,
    subject: (f) => `Uw melding ${f.number} is geannuleerd`,
    text: (f) =>
      `${hello(f)}\n\nuw melding ${f.number} is geannuleerd, om de volgende reden:${quoted(f.reason)}\n\nHeeft het nog onze aandacht nodig? Beantwoord dan dit bericht, dan pakken we het weer op.${regards}`,
  },
  'request-refused': {
    version: 1,
    subject: () => 'Uw verzoek kon niet worden geregistreerd',
    text: (f) =>
      `${hello(f)}\n\nhartelijk dank voor uw bericht. ${refusals[f.refusal ?? 'unknown-customer']}${regards}`,
  },
};
