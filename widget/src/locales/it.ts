import type { Messages } from './en.ts';

/** Italian. */
export default {
  loading: 'Caricamento del modulo di pagamento…',
  ready: 'Modulo di pagamento pronto.',
  merchant: 'Paga a',
  reference: 'Spedizione',
  carrier: 'Vettore',
  total: 'Totale',
  pay: 'Paga {amount}',
  processing: 'Elaborazione del pagamento…',
  authenticating: 'Conferma il pagamento con la tua banca nella finestra che si è aperta.',
  succeeded: 'Pagamento ricevuto',
  receipt: '{amount} pagati a {merchant} per la spedizione {reference}.',
  pending: 'Il tuo pagamento di {amount} è in elaborazione. Riceverai una notifica al termine.',
  hold: 'Sulla tua carta verrà ora bloccato (autorizzato) un importo di {amount}. Il prezzo finale ti sarà addebitato dopo la pesatura e la misurazione della spedizione.',
  holdMax:
    'Sulla tua carta verrà ora bloccato (autorizzato) un importo di {amount}. Il prezzo finale, al massimo {max}, ti sarà addebitato dopo la pesatura e la misurazione della spedizione.',
  authorized:
    'Sulla tua carta è stato autorizzato un importo di {amount}; il prezzo finale ti sarà addebitato dopo la pesatura.',
  authorizedMax:
    'Sulla tua carta è stato autorizzato un importo di {amount}; il prezzo finale, al massimo {max}, ti sarà addebitato dopo la pesatura.',
  paymentId: 'ID pagamento',
  declined: 'Pagamento rifiutato',
  authFailed: 'Autenticazione bancaria non riuscita',
  tryAgain: 'Prova un’altra carta',
  alreadyPaid: 'Questa spedizione è già stata pagata.',
  canceled: 'Questa richiesta di pagamento è stata annullata.',
  expired: 'Questa richiesta di pagamento è scaduta.',
  unavailableHelp: 'Chiedi al venditore un nuovo link di pagamento.',
  retrying: 'Problema di connessione. Nuovo tentativo…',
  busy: 'In questo momento sono in corso molti pagamenti. Nuovo tentativo tra un istante…',
  busyTryAgain: 'Il servizio di pagamento è molto occupato in questo momento. Riprova tra un minuto.',
  serviceRefused:
    'Il servizio di pagamento non è riuscito a preparare questo pagamento. Riprova più tardi o contatta il venditore.',
  unreachable: 'Impossibile raggiungere il servizio di pagamento. Controlla la connessione e riprova.',
  retry: 'Riprova',
  blocked:
    'Il modulo sicuro della carta non è stato caricato. Potrebbe bloccarlo un’estensione del browser, un firewall o le impostazioni di sicurezza di questo sito.',
  refused:
    'Per la tua sicurezza, questo pagamento non può essere effettuato online in questo momento. Contatta {merchant} per pagare in un altro modo.',
  misconfigured: 'Questo pagamento non può essere effettuato su questa pagina. Contatta il venditore.',
  failed: 'Non è stato possibile completare il pagamento. Riprova.',
  vatLabel: 'Partita IVA',
  vatOptional: '(facoltativo)',
  vatHint: 'Codice paese e numero, ad es. IT00743110157',
  vatEmpty: 'Inserisci la tua partita IVA.',
  vatCountry: 'Inizia con il codice paese UE, ad es. IT o DE (XI per l’Irlanda del Nord).',
  vatFormat: 'Non è il formato di una partita IVA di {country}.',
  vatCheckDigit:
    'Questa partita IVA di {country} contiene un errore: le cifre di controllo non corrispondono.',
  vatChecking: 'Verifica della partita IVA…',
  vatInvalid: 'Questa partita IVA non è registrata per gli scambi intracomunitari (VIES).',
  vatUnavailable:
    'Il servizio IVA dell’UE non è disponibile; al momento non è stato possibile verificare il numero.',
  vatVerified: 'Verificato: {name}',
} satisfies Messages;
