import type { Messages } from './en.ts';

/** Portuguese. */
export default {
  loading: 'A carregar o formulário de pagamento…',
  ready: 'Formulário de pagamento pronto.',
  merchant: 'Pagar a',
  reference: 'Envio',
  carrier: 'Transportadora',
  total: 'Total',
  pay: 'Pagar {amount}',
  processing: 'A processar o pagamento…',
  authenticating: 'Confirme o pagamento junto do seu banco na janela que se abriu.',
  succeeded: 'Pagamento recebido',
  receipt: '{amount} pagos a {merchant} pelo envio {reference}.',
  pending: 'O seu pagamento de {amount} está a ser processado. Será avisado quando terminar.',
  hold: 'O valor de {amount} fica agora reservado (autorizado) no seu cartão. O preço final será cobrado depois de o envio ser pesado e medido.',
  holdMax:
    'O valor de {amount} fica agora reservado (autorizado) no seu cartão. O preço final, no máximo {max}, será cobrado depois de o envio ser pesado e medido.',
  authorized: 'Foi autorizado o valor de {amount} no seu cartão; o preço final será cobrado após a pesagem.',
  authorizedMax:
    'Foi autorizado o valor de {amount} no seu cartão; o preço final, no máximo {max}, será cobrado após a pesagem.',
  paymentId: 'ID do pagamento',
  declined: 'Pagamento recusado',
  authFailed: 'A autenticação bancária falhou',
  tryAgain: 'Experimentar outro cartão',
  alreadyPaid: 'Este envio já foi pago.',
  canceled: 'Este pedido de pagamento foi cancelado.',
  expired: 'Este pedido de pagamento expirou.',
  unavailableHelp: 'Peça ao comerciante uma nova ligação de pagamento.',
  retrying: 'Problema de ligação. A tentar novamente…',
  busy: 'Estão a ser feitos muitos pagamentos neste momento. A tentar novamente dentro de instantes…',
  busyTryAgain:
    'O serviço de pagamento está muito ocupado neste momento. Tente novamente dentro de um minuto.',
  serviceRefused:
    'O serviço de pagamento não conseguiu preparar este pagamento. Tente novamente mais tarde ou contacte o comerciante.',
  unreachable: 'Não foi possível contactar o serviço de pagamento. Verifique a ligação e tente novamente.',
  retry: 'Tentar novamente',
  blocked:
    'Não foi possível carregar o formulário seguro do cartão. Uma extensão do navegador, uma firewall ou as definições de segurança deste site podem estar a bloqueá-lo.',
  refused:
    'Para sua segurança, este pagamento não pode ser feito online neste momento. Contacte {merchant} para pagar de outra forma.',
  misconfigured: 'Este pagamento não pode ser feito nesta página. Contacte o comerciante.',
  failed: 'Não foi possível concluir o pagamento. Tente novamente.',
  vatLabel: 'Número de IVA',
  vatOptional: '(opcional)',
  vatHint: 'Código do país e número, p. ex. PT501964843',
  vatEmpty: 'Introduza o seu número de IVA.',
  vatCountry: 'Comece pelo código de país da UE, p. ex. PT ou ES (XI para a Irlanda do Norte).',
  vatFormat: 'Não é o formato de um número de IVA de {country}.',
  vatCheckDigit: 'Este número de IVA de {country} tem um erro: os dígitos de controlo não coincidem.',
  vatChecking: 'A verificar o seu número de IVA…',
  vatInvalid: 'Este número de IVA não está registado para operações intracomunitárias (VIES).',
  vatUnavailable: 'O serviço de IVA da UE está indisponível; não foi possível verificar o seu número agora.',
  vatVerified: 'Verificado: {name}',
} satisfies Messages;
