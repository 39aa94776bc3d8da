import { quoted, visitEnd, visitStart, type LanguageTemplates } from './template.js';
import type { NotificationFacts } from './template.js';

const hello = ({ name }: NotificationFacts): string => (name ? `Bonjour ${name},` : 'Bonjour,');
const regards = '\n\nCordialement,\nVotre service client';
const refusals = {
  'unknown-customer':
    "Nous n'avons pas pu rattacher votre message à l'un de nos clients ; il n'a donc pas pu être enregistré comme demande d'intervention. Merci de nous écrire à nouveau depuis l'adresse e-mail que nous vous connaissons, ou de nous indiquer votre numéro client : nous traiterons votre demande aussitôt.",
  blocked:
    "Nous ne pouvons pas enregistrer de demande d'intervention pour votre compte pour le moment. Merci de contacter votre interlocuteur commercial ou notre service client, qui se fera un plaisir de régler la question avec vous.",
  'no-active-contract':
    "Nous n'avons trouvé aucun contrat de service couvrant cette demande. Contactez-nous si vous souhaitez que nous la traitions en intervention facturée, ou pour renouveler votre contrat.",
} as const;

/** Textes en français. */
export const fr: LanguageTemplates = {
  'call-logged': {
    version: 1,
    subject: (f) => `Votre demande ${f.number} est enregistrée`,
    text: (f) =>
      `${hello(f)}\n\nnous avons bien enregistré votre demande ${f.number}.${quoted(f.description)}\n\nMerci de rappeler la référence ${f.number} dans vos échanges avec nous, ou de répondre simplement à ce message.${regards}`,
  },
  'visit-planned': {
    version: 1,
    subject: (f) => `${f.number} : intervention d'un technicien planifiée`,
    text: (f) =>
      `${hello(f)}\n\npour votre demande ${f.number}, un technicien passera chez vous le ${visitStart('fr', f)} ; l'intervention devrait être terminée vers ${visitEnd('fr', f)}.\n\nSi ce créneau ne vous convient pas, répondez simplement à ce message.${regards}`,
  },
  'visit-moved': {
    version: 1,
    subject: (f) => `${f.number} : l'intervention du technicien est déplacée`,
    text: (f) =>
      `${hello(f)}\n\nl'intervention prévue pour votre demande ${f.number} a été déplacée. Le nouveau créneau est le ${visitStart('fr', f)}, jusqu'à ${visitEnd('fr', f)} environ. Nous vous prions de nous excuser pour ce changement.\n\nSi ce créneau ne vous convient pas, répondez simplement à ce message.${regards}`,
  },
  'visit-cancelled': {
    version: 1,
    subject: (f) => `${f.number} : l'intervention du technicien est annulée`,
    text: (f) =>
      `${hello(f)}\n\nl'intervention prévue le ${visitStart('fr', f)} pour votre demande ${f.number} est annulée. Votre demande reste ouverte : nous vous tiendrons informé de la suite.\n\nPour toute question, répondez simplement à ce message.${regards}`,
  },
  'solution-proposed': {
    version: 1,
    subject: (f) => `${f.number} : merci de confirmer la solution`,
    text: (f) =>
      `${hello(f)}\n\nnous pensons avoir résolu le problème signalé dans votre demande ${f.number}.${quoted(f.solution)}\n\nMerci de vérifier que tout fonctionne correctement. Si ce n'est pas le cas, répondez à ce message en nous indiquant ce qui ne va pas encore : nous poursuivrons le traitement de votre demande.${regards}`,
  },
  'call-closed': {
    version: 1,
    subject: (f) => `Votre demande ${f.number} est clôturée`,
    text: (f) =>
      `${hello(f)}\n\nvotre demande ${f.number} est désormais clôturée. Merci de votre patience.\n\nSi le problème réapparaît, répondez à ce message ou rappelez la référence ${f.number} : nous reprendrons le dossier.${regards}`,
  },
  'call-cancelled': {
    version: 1,
    subject: (f) => `Votre demande ${f.number} est annulée`,
    text: (f) =>
      `${hello(f)}\n\nvotre demande ${f.number} a été annulée pour le motif suivant :${quoted(f.reason)}\n\nSi elle demande encore notre attention, répondez à ce message : nous la reprendrons.${regards}`,
  },
  'request-refused': {
    version: 1,
    subject: () => "Votre demande n'a pas pu être enregistrée",
    text: (f) =>
      `${hello(f)}\n\nmerci pour votre message. ${refusals[f.refusal ?? 'unknown-customer']}${regards}`,
  },
};
