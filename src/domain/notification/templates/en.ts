import { quoted, visitEnd, visitStart, type LanguageTemplates } from './template.js';
import type { NotificationFacts } from './template.js';

const hello = ({ name }: NotificationFacts): string => (name ? `Dear ${name},` : 'Hello,');
const regards = '\n\nKind regards,\nYour service desk';
const refusals = {
  'unknown-customer':
    'we could not match your message to one of our customers, so we could not register it as a service call. Please write to us again from the e-mail address we know you by, or tell us your customer number, and we will take it up straight away.',
  blocked:
    'we cannot register a service call for your account at the moment. Please contact your account manager or our customer service: they will be glad to sort this out with you.',
  'no-active-contract':
    'we could not find a service agreement that covers this request. Please contact us if you would like us to handle it as chargeable work, or to renew your agreement.',
} as const;

/** English texts. */
export const en: LanguageTemplates = {
  'call-logged': {
    version: 1,
    subject: (f) => `Your call ${f.number} is registered`,
    text: (f) =>
      `${hello(f)}\n\nwe have registered your call ${f.number}.${quoted(f.description)}\n\nPlease quote ${f.number} whenever you contact us about it, or simply reply to this message.${regards}`,
  },
  'visit-planned': {
    version: 1,
    subject: (f) => `${f.number}: an engineer will visit you`,
    text: (f) =>
      `${hello(f)}\n\nfor your call ${f.number}, an engineer will visit you on ${visitStart('en', f)}; the visit should be over by ${visitEnd('en', f)}.\n\nIf this time does not suit you, please reply to this message.${regards}`,
  },
  'visit-moved': {
    version: 1,
    subject: (f) => `${f.number}: the engineer's visit has moved`,
    text: (f) =>
      `${hello(f)}\n\nthe engineer's visit for your call ${f.number} has moved. The new time is ${visitStart('en', f)}, until about ${visitEnd('en', f)}. We are sorry for any inconvenience.\n\nIf this time does not suit you, please reply to this message.${regards}`,
  },
  'visit-cancelled': {
    version: 1,
    subject: (f) => `${f.number}: the engineer's visit is cancelled`,
    text: (f) =>
      `${hello(f)}\n\nthe engineer's visit planned for your call ${f.number} on ${visitStart('en', f)} is cancelled. Your call stays open: we will let you know what happens next.\n\nIf you have a question, please reply to this message.${regards}`,
  },
  'solution-proposed': {
    version: 1,
    subject: (f) => `${f.number}: please confirm the solution`,
    text: (f) =>
      `${hello(f)}\n\nwe believe the problem reported in your call ${f.number} is solved.${quoted(f.solution)}\n\nPlease check that everything works as it should. If it does not, reply to this message and tell us what is still wrong: we will carry on with your call.${regards}`,
  },
  'call-closed': {
    version: 1,
    subject: (f) => `Your call ${f.number} is closed`,
    text: (f) =>
      `${hello(f)}\n\nyour call ${f.number} is now closed. Thank you for your patience.\n\nShould the problem come back, reply to this message or quote ${f.number} and we will look into it again.${regards}`,
  },
  'call-cancelled': {
    version: 1,
    subject: (f) => `Your call ${f.number} is cancelled`,
    text: (f) =>
      `${hello(f)}\n\nyour call ${f.number} has been cancelled, for this reason:${quoted(f.reason)}\n\nIf it still needs our attention, reply to this message and we will take it up again.${regards}`,
  },
  'request-refused': {
    version: 1,
    subject: () => 'Your request could not be registered',
    text: (f) =>
      `${hello(f)}\n\nthank you for your message. Unfortunately ${refusals[f.refusal ?? 'unknown-customer']}${regards}`,
  },
};
