/**
 * The hosted payment page's own words, in the widget's eight locales (the widget brings its own for the form).
 * `{name}` placeholders are filled by `say()`, which escapes the text and every value put into it.
 */

import { esc } from './html.ts';

export const PAGE_LOCALES = ['en', 'de', 'es', 'fr', 'it', 'nl', 'pl', 'pt'] as const;
export type PageLocale = (typeof PAGE_LOCALES)[number];

const en = {
  /** The language's own name, for the switch. */
  name: 'English',
  title: 'Pay for shipment {reference}',
  payTo: 'Payment to',
  shipment: 'Shipment',
  details: 'Details',
  carrier: 'Carrier',
  amount: 'Amount',
  secure: 'Card details go straight to Stripe, the payment processor; {merchant} never sees them.',
  language: 'Language',
  paid: 'This shipment has already been paid.',
  authorized: 'Your card is already authorized for this shipment; {merchant} charges the final amount.',
  canceled: 'This payment request was canceled.',
  expired: 'This payment request has expired.',
  askMerchant: 'Ask the merchant for a new payment link.',
  notFoundTitle: 'Payment link not found',
  notFound: 'This payment link does not exist. Check the address, or ask the merchant for a new link.',
  poweredBy: 'Secure checkout by CargoPay',
};

export type PageMessages = typeof en;

export const MESSAGES: Record<PageLocale, PageMessages> = {
  en,
  de: {
    name: 'Deutsch',
    title: 'Sendung {reference} bezahlen',
    payTo: 'Zahlung an',
    shipment: 'Sendung',
    details: 'Details',
    carrier: 'Frachtführer',
    amount: 'Betrag',
    secure: 'Kartendaten gehen direkt an Stripe, den Zahlungsdienstleister; {merchant} sieht sie nie.',
    language: 'Sprache',
    paid: 'Diese Sendung wurde bereits bezahlt.',
    authorized:
      'Ihre Karte ist für diese Sendung bereits autorisiert; {merchant} belastet den endgültigen Betrag.',
    canceled: 'Diese Zahlungsanforderung wurde storniert.',
    expired: 'Diese Zahlungsanforderung ist abgelaufen.',
    askMerchant: 'Bitten Sie den Händler um einen neuen Zahlungslink.',
    notFoundTitle: 'Zahlungslink nicht gefunden',
    notFound:
      'Diesen Zahlungslink gibt es nicht. Prüfen Sie die Adresse oder bitten Sie den Händler um einen neuen Link.',
    poweredBy: 'Sichere Zahlung mit CargoPay',
  },
  es: {
    name: 'Español',
    title: 'Pagar el envío {reference}',
    payTo: 'Pago a',
    shipment: 'Envío',
    details: 'Detalles',
    carrier: 'Transportista',
    amount: 'Importe',
    secure:
      'Los datos de la tarjeta van directamente a Stripe, el procesador de pagos; {merchant} nunca los ve.',
    language: 'Idioma',
    paid: 'Este envío ya está pagado.',
    authorized: 'Tu tarjeta ya está autorizada para este envío; {merchant} cobrará el importe final.',
    canceled: 'Esta solicitud de pago se canceló.',
    expired: 'Esta solicitud de pago ha caducado.',
    askMerchant: 'Pide al comercio un nuevo enlace de pago.',
    notFoundTitle: 'Enlace de pago no encontrado',
    notFound: 'Este enlace de pago no existe. Comprueba la dirección o pide al comercio un nuevo enlace.',
    poweredBy: 'Pago seguro con CargoPay',
  },
  fr: {
    name: 'Français',
    title: 'Payer l’envoi {reference}',
    payTo: 'Paiement à',
    shipment: 'Envoi',
    details: 'Détails',
    carrier: 'Transporteur',
    amount: 'Montant',
    secure:
      'Les données de carte vont directement à Stripe, le prestataire de paiement ; {merchant} ne les voit jamais.',
    language: 'Langue',
    paid: 'Cet envoi a déjà été payé.',
    authorized: 'Votre carte est déjà autorisée pour cet envoi ; {merchant} débitera le montant final.',
    canceled: 'Cette demande de paiement a été annulée.',
    expired: 'Cette demande de paiement a expiré.',
    askMerchant: 'Demandez au marchand un nouveau lien de paiement.',
    notFoundTitle: 'Lien de paiement introuvable',
    notFound: 'Ce lien de paiement n’existe pas. Vérifiez l’adresse ou demandez un nouveau lien au marchand.',
    poweredBy: 'Paiement sécurisé par CargoPay',
  },
  it: {
    name: 'Italiano',
    title: 'Paga la spedizione {reference}',
    payTo: 'Pagamento a',
    shipment: 'Spedizione',
    details: 'Dettagli',
    carrier: 'Vettore',
    amount: 'Importo',
    secure:
      'I dati della carta vanno direttamente a Stripe, il gestore dei pagamenti; {merchant} non li vede mai.',
    language: 'Lingua',
    paid: 'Questa spedizione è già stata pagata.',
    authorized:
      'La tua carta è già autorizzata per questa spedizione; {merchant} addebiterà l’importo finale.',
    canceled: 'Questa richiesta di pagamento è stata annullata.',
    expired: 'Questa richiesta di pagamento è scaduta.',
    askMerchant: 'Chiedi al venditore un nuovo link di pagamento.',
    notFoundTitle: 'Link di pagamento non trovato',
    notFound:
      'Questo link di pagamento non esiste. Controlla l’indirizzo o chiedi al venditore un nuovo link.',
    poweredBy: 'Pagamento sicuro con CargoPay',
  },
  nl: {
    name: 'Nederlands',
    title: 'Zending {reference} betalen',
    payTo: 'Betaling aan',
    shipment: 'Zending',
    details: 'Details',
    carrier: 'Vervoerder',
    amount: 'Bedrag',
    secure: 'Kaartgegevens gaan rechtstreeks naar Stripe, de betaalverwerker; {merchant} ziet ze nooit.',
    language: 'Taal',
    paid: 'Deze zending is al betaald.',
    authorized:
      'Uw kaart is al geautoriseerd voor deze zending; {merchant} schrijft het definitieve bedrag af.',
    canceled: 'Dit betaalverzoek is geannuleerd.',
    expired: 'Dit betaalverzoek is verlopen.',
    askMerchant: 'Vraag de verkoper om een nieuwe betaallink.',
    notFoundTitle: 'Betaallink niet gevonden',
    notFound: 'Deze betaallink bestaat niet. Controleer het adres of vraag de verkoper om een nieuwe link.',
    poweredBy: 'Veilig betalen met CargoPay',
  },
  pl: {
    name: 'Polski',
    title: 'Zapłać za przesyłkę {reference}',
    payTo: 'Płatność dla',
    shipment: 'Przesyłka',
    details: 'Szczegóły',
    carrier: 'Przewoźnik',
    amount: 'Kwota',
    secure:
      'Dane karty trafiają bezpośrednio do Stripe, operatora płatności; {merchant} nigdy ich nie widzi.',
    language: 'Język',
    paid: 'Ta przesyłka została już opłacona.',
    authorized: 'Twoja karta jest już autoryzowana dla tej przesyłki; {merchant} pobierze ostateczną kwotę.',
    canceled: 'To żądanie płatności zostało anulowane.',
    expired: 'To żądanie płatności wygasło.',
    askMerchant: 'Poproś sprzedawcę o nowy link do płatności.',
    notFoundTitle: 'Nie znaleziono linku do płatności',
    notFound: 'Ten link do płatności nie istnieje. Sprawdź adres lub poproś sprzedawcę o nowy link.',
    poweredBy: 'Bezpieczna płatność przez CargoPay',
  },
  pt: {
    name: 'Português',
    title: 'Pagar o envio {reference}',
    payTo: 'Pagamento a',
    shipment: 'Envio',
    details: 'Detalhes',
    carrier: 'Transportadora',
    amount: 'Montante',
    secure:
      'Os dados do cartão vão diretamente para a Stripe, o processador de pagamentos; {merchant} nunca os vê.',
    language: 'Idioma',
    paid: 'Este envio já foi pago.',
    authorized: 'O seu cartão já está autorizado para este envio; {merchant} cobrará o montante final.',
    canceled: 'Este pedido de pagamento foi cancelado.',
    expired: 'Este pedido de pagamento expirou.',
    askMerchant: 'Peça ao comerciante uma nova ligação de pagamento.',
    notFoundTitle: 'Ligação de pagamento não encontrada',
    notFound:
      'Esta ligação de pagamento não existe. Verifique o endereço ou peça ao comerciante uma nova ligação.',
    poweredBy: 'Pagamento seguro com CargoPay',
  },
};

/** One message as HTML: its text escaped, then its `{name}` placeholders filled with the values escaped. */
export function say(
  m: PageMessages,
  key: Exclude<keyof PageMessages, 'name'>,
  values: Record<string, string> = {},
): string {
  return esc(m[key]).replace(/\{(\w+)\}/g, (_all, name: string) => esc(values[name] ?? ''));
}
