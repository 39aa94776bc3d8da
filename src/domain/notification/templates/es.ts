import { quoted, visitEnd, visitStart, type LanguageTemplates } from './template.js';
import type { NotificationFacts } from './template.js';

const hello = ({ name }: NotificationFacts): string =>
  name ? `Estimado/a ${name}:` : 'Buenos días:';
const regards = '\n\nAtentamente,\nSu servicio de asistencia';
const refusals = {
  'unknown-customer':
    'No hemos podido asociar su mensaje a ninguno de nuestros clientes, por lo que no ha sido posible registrarlo como solicitud de servicio. Le rogamos que nos escriba de nuevo desde la dirección de correo electrónico que tenemos registrada, o que nos indique su número de cliente, y nos ocuparemos de inmediato.',
  blocked:
    'En este momento no podemos registrar solicitudes de servicio para su cuenta. Le rogamos que se ponga en contacto con su gestor comercial o con nuestro servicio de atención al cliente, que estarán encantados de resolverlo con usted.',
  'no-active-contract':
    'No hemos encontrado ningún contrato de servicio que cubra esta solicitud. Póngase en contacto con nosotros si desea que la atendamos como trabajo facturable, o para renovar su contrato.',
} as const;

/** Textos en español. */
export const es: LanguageTemplates = {
  'call-logged': {
    version: 1,
    subject: (f) => `Su solicitud ${f.number} ha quedado registrada`,
    text: (f) =>
      `${hello(f)}\n\nhemos registrado su solicitud ${f.number}.${quoted(f.description)}\n\nLe rogamos que indique la referencia ${f.number} siempre que se ponga en contacto con nosotros sobre este asunto, o que simplemente responda a este mensaje.${regards}`,
  },
  'visit-planned': {
    version: 1,
    subject: (f) => `${f.number}: visita de un técnico programada`,
    text: (f) =>
      `${hello(f)}\n\npara su solicitud ${f.number}, un técnico le visitará el ${visitStart('es', f)}; la visita debería terminar hacia las ${visitEnd('es', f)}.\n\nSi este horario no le conviene, responda a este mensaje.${regards}`,
  },
  'visit-moved': {
    version: 1,
    subject: (f) => `${f.number}: la visita del técnico ha cambiado de fecha`,
    text: (f) =>
      `${hello(f)}\n\nla visita prevista para su solicitud ${f.number} ha cambiado. La nueva cita es el ${visitStart('es', f)}, hasta las ${visitEnd('es', f)} aproximadamente. Disculpe las molestias.\n\nSi este horario no le conviene, responda a este mensaje.${regards}`,
  },
  'visit-cancelled': {
    version: 1,
    subject: (f) => `${f.number}: la visita del técnico se ha cancelado`,
    text: (f) =>
      `${hello(f)}\n\nla visita prevista el ${visitStart('es', f)} para su solicitud ${f.number} se ha cancelado. Su solicitud sigue abierta: le informaremos de los próximos pasos.\n\nSi tiene alguna pregunta, responda a este mensaje.${regards}`,
  },
  'solution-proposed': {
    version: 1,
    subject: (f) => `${f.number}: le rogamos que confirme la solución`,
    text: (f) =>
      `${hello(f)}\n\nconsideramos resuelto el problema que nos comunicó en su solicitud ${f.number}.${quoted(f.solution)}\n\nLe rogamos que compruebe que todo funciona correctamente. Si no es así, responda a este mensaje y díganos qué sigue fallando: seguiremos trabajando en su solicitud.${regards}`,
  },
  'call-closed': {
    version: 1,
    subject: (f) => `Su solicitud ${f.number} está cerrada`,
    text: (f) =>
      `${hello(f)}\n\nsu solicitud ${f.number} ya está cerrada. Gracias por su paciencia.\n\nSi el problema volviera a aparecer, responda a este mensaje o indique la referencia ${f.number} y lo revisaremos de nuevo.${regards}`,
  },
  'call-cancelled': {
    version: 1,
    subject: (f) => `Su solicitud ${f.number} ha sido anulada`,
    text: (f) =>
      `${hello(f)}\n\nsu solicitud ${f.number} ha sido anulada por el siguiente motivo:${quoted(f.reason)}\n\nSi todavía necesita nuestra atención, responda a este mensaje y la retomaremos.${regards}`,
  },
  'request-refused': {
    version: 1,
    subject: () => 'No hemos podido registrar su solicitud',
    text: (f) =>
      `${hello(f)}\n\ngracias por su mensaje. ${refusals[f.refusal ?? 'unknown-customer']}${regards}`,
  },
};
