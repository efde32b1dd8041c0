import type { Messages } from './en.ts';

/** Spanish. */
export default {
  loading: 'Cargando el formulario de pago…',
  ready: 'Formulario de pago listo.',
  merchant: 'Pagar a',
  reference: 'Envío',
  carrier: 'Transportista',
  total: 'Total',
  pay: 'Pagar {amount}',
  processing: 'Procesando el pago…',
  authenticating: 'Confirma el pago con tu banco en la ventana que se ha abierto.',
  succeeded: 'Pago recibido',
  receipt: '{amount} pagados a {merchant} por el envío {reference}.',
  pending: 'Tu pago de {amount} se está procesando. Te avisaremos cuando se complete.',
  hold: 'Ahora se retendrán {amount} en tu tarjeta (autorización). Se te cobrará el precio final cuando el envío se haya pesado y medido.',
  holdMax:
    'Ahora se retendrán {amount} en tu tarjeta (autorización). Se te cobrará el precio final, como máximo {max}, cuando el envío se haya pesado y medido.',
  authorized:
    'Se ha autorizado un cargo de {amount} en tu tarjeta; se te cobrará el precio final tras el pesaje.',
  authorizedMax:
    'Se ha autorizado un cargo de {amount} en tu tarjeta; se te cobrará el precio final, como máximo {max}, tras el pesaje.',
  paymentId: 'ID del pago',
  declined: 'Pago rechazado',
  authFailed: 'La autenticación bancaria ha fallado',
  tryAgain: 'Probar con otra tarjeta',
  alreadyPaid: 'Este envío ya está pagado.',
  canceled: 'Esta solicitud de pago se ha cancelado.',
  expired: 'Esta solicitud de pago ha caducado.',
  unavailableHelp: 'Pide al comercio un nuevo enlace de pago.',
  retrying: 'Problema de conexión. Reintentando…',
  busy: 'Se están realizando muchos pagos en este momento. Reintentando en un instante…',
  busyTryAgain: 'El servicio de pago está muy ocupado en este momento. Inténtalo de nuevo en un minuto.',
  serviceRefused:
    'El servicio de pago no ha podido preparar este pago. Inténtalo de nuevo más tarde o ponte en contacto con el comercio.',
  unreachable:
    'No hemos podido contactar con el servicio de pago. Comprueba tu conexión e inténtalo de nuevo.',
  retry: 'Reintentar',
  blocked:
    'El formulario seguro de tarjeta no se ha podido cargar. Puede que lo bloquee una extensión del navegador, un cortafuegos o la configuración de seguridad de este sitio.',
  refused:
    'Por tu seguridad, este pago no se puede hacer en línea ahora mismo. Ponte en contacto con {merchant} para pagar de otra forma.',
  misconfigured: 'No se puede realizar este pago en esta página. Ponte en contacto con el comercio.',
  failed: 'No se ha podido completar el pago. Inténtalo de nuevo.',
  vatLabel: 'Número de IVA',
  vatOptional: '(opcional)',
  vatHint: 'Código de país y número, p. ej. ESA12345674',
  vatEmpty: 'Introduce tu número de IVA.',
  vatCountry: 'Empieza por el código de país de la UE, p. ej. ES o FR (XI para Irlanda del Norte).',
  vatFormat: 'No es el formato de un número de IVA de {country}.',
  vatCheckDigit: 'Este número de IVA de {country} tiene un error: sus dígitos de control no coinciden.',
  vatChecking: 'Comprobando tu número de IVA…',
  vatInvalid: 'Este número de IVA no está registrado para operaciones intracomunitarias (VIES).',
  vatUnavailable:
    'El servicio de IVA de la UE no está disponible y no se ha podido verificar tu número ahora.',
  vatVerified: 'Verificado: {name}',
} satisfies Messages;
