import { quoted, visitEnd, visitStart, type LanguageTemplates } from './template.js';
import type { NotificationFacts } from './template.js';

const hello = ({ name }: NotificationFacts): string => (name ? `Gentile ${name},` : 'Buongiorno,');
const regards = '\n\nCordiali saluti,\nIl vostro servizio assistenza';
const refusals = {
  'unknown-customer':
    "Non siamo riusciti ad associare il suo messaggio a uno dei nostri clienti, per cui non è stato possibile registrarlo come richiesta di assistenza. La preghiamo di scriverci di nuovo dall'indirizzo e-mail con cui la conosciamo, oppure di indicarci il suo codice cliente: ce ne occuperemo subito.",
  blocked:
    'Al momento non possiamo registrare richieste di assistenza per il suo account. La preghiamo di contattare il suo referente commerciale o il nostro servizio clienti, che saranno lieti di risolvere la questione con lei.',
  'no-active-contract':
    'Non abbiamo trovato un contratto di assistenza che copra questa richiesta. Ci contatti se desidera che la gestiamo come intervento a pagamento, oppure per rinnovare il contratto.',
} as const;

/** Testi in italiano. */
export const it: LanguageTemplates = {
  'call-logged': {
    version: 1,
    subject: (f) => `La sua richiesta ${f.number} è stata registrata`,
    text: (f) =>
      `${hello(f)}\n\nabbiamo registrato la sua richiesta ${f.number}.${quoted(f.description)}\n\nLa preghiamo di indicare il riferimento ${f.number} ogni volta che ci contatta in merito, oppure di rispondere semplicemente a questo messaggio.${regards}`,
  },
  'visit-planned': {
    version: 1,
    subject: (f) => `${f.number}: intervento del tecnico programmato`,
    text: (f) =>
      `${hello(f)}\n\nper la sua richiesta ${f.number} un tecnico verrà da lei ${visitStart('it', f)}; l'intervento dovrebbe concludersi entro le ${visitEnd('it', f)}.\n\nSe l'orario non le è comodo, risponda pure a questo messaggio.${regards}`,
  },
  'visit-moved': {
    version: 1,
    subject: (f) => `${f.number}: l'intervento del tecnico è stato spostato`,
    text: (f) =>
      `${hello(f)}\n\nl'intervento previsto per la sua richiesta ${f.number} è stato spostato. Il nuovo appuntamento è ${visitStart('it', f)}, fino alle ${visitEnd('it', f)} circa. Ci scusiamo per il disagio.\n\nSe l'orario non le è comodo, risponda pure a questo messaggio.${regards}`,
  },
  'visit-cancelled': {
    version: 1,
    subject: (f) => `${f.number}: l'intervento del tecnico è stato annullato`,
    text: (f) =>
      `${hello(f)}\n\nl'intervento previsto per ${visitStart('it', f)} per la sua richiesta ${f.number} è stato annullato. La sua richiesta resta aperta: la terremo informata sui prossimi passi.\n\nPer qualsiasi domanda, risponda pure a questo messaggio.${regards}`,
  },
  'solution-proposed': {
    version: 1,
    subject: (f) => `${f.number}: la preghiamo di confermare la soluzione`,
    text: (f) =>
      `${hello(f)}\n\nriteniamo di aver risolto il problema segnalato nella sua richiesta ${f.number}.${quoted(f.solution)}\n\nLa preghiamo di verificare che tutto funzioni come dovrebbe. In caso contrario, risponda a questo messaggio indicandoci cosa non va ancora: continueremo a occuparci della sua richiesta.${regards}`,
  },
  'call-closed': {
    version: 1,
    subject: (f) => `La sua richiesta ${f.number} è chiusa`,
    text: (f) =>
      `${hello(f)}\n\nla sua richiesta ${f.number} è ora chiusa. La ringraziamo per la pazienza.\n\nSe il problema dovesse ripresentarsi, risponda a questo messaggio o indichi il riferimento ${f.number}: riprenderemo in mano la pratica.${regards}`,
  },
  'call-cancelled': {
    version: 1,
    subject: (f) => `La sua richiesta ${f.number} è stata annullata`,
    text: (f) =>
      `${hello(f)}\n\nla sua richiesta ${f.number} è stata annullata per il seguente motivo:${quoted(f.reason)}\n\nSe richiede ancora il nostro intervento, risponda a questo messaggio: la riprenderemo in mano.${regards}`,
  },
  'request-refused': {
    version: 1,
    subject: () => 'Non è stato possibile registrare la sua richiesta',
    text: (f) =>
      `${hello(f)}\n\nla ringraziamo per il suo messaggio. ${refusals[f.refusal ?? 'unknown-customer']}${regards}`,
  },
};
