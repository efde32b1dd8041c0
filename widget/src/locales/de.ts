import type { Messages } from './en.ts';

/** German. */
export default {
  loading: 'Zahlungsformular wird geladen…',
  ready: 'Zahlungsformular bereit.',
  merchant: 'Zahlung an',
  reference: 'Sendung',
  carrier: 'Frachtführer',
  total: 'Gesamt',
  pay: '{amount} bezahlen',
  processing: 'Zahlung wird verarbeitet…',
  authenticating: 'Bestätigen Sie die Zahlung bei Ihrer Bank im geöffneten Fenster.',
  succeeded: 'Zahlung erhalten',
  receipt: '{amount} an {merchant} für Sendung {reference} bezahlt.',
  pending:
    'Ihre Zahlung über {amount} wird verarbeitet. Sie werden benachrichtigt, sobald sie abgeschlossen ist.',
  hold: 'Auf Ihrer Karte werden jetzt {amount} reserviert (autorisiert). Abgebucht wird der endgültige Preis, sobald die Sendung gewogen und vermessen ist.',
  holdMax:
    'Auf Ihrer Karte werden jetzt {amount} reserviert (autorisiert). Abgebucht wird der endgültige Preis, höchstens {max}, sobald die Sendung gewogen und vermessen ist.',
  authorized:
    'Auf Ihrer Karte sind {amount} reserviert; abgebucht wird der endgültige Preis nach dem Wiegen.',
  authorizedMax:
    'Auf Ihrer Karte sind {amount} reserviert; abgebucht wird der endgültige Preis, höchstens {max}, nach dem Wiegen.',
  paymentId: 'Zahlungs-ID',
  declined: 'Zahlung abgelehnt',
  authFailed: 'Authentifizierung bei der Bank fehlgeschlagen',
  tryAgain: 'Andere Karte verwenden',
  alreadyPaid: 'Diese Sendung wurde bereits bezahlt.',
  canceled: 'Diese Zahlungsanforderung wurde storniert.',
  expired: 'Diese Zahlungsanforderung ist abgelaufen.',
  unavailableHelp: 'Bitten Sie den Händler um einen neuen Zahlungslink.',
  retrying: 'Verbindungsproblem. Neuer Versuch…',
  busy: 'Gerade werden sehr viele Zahlungen ausgeführt. Neuer Versuch in Kürze…',
  busyTryAgain:
    'Der Zahlungsdienst ist gerade stark ausgelastet. Bitte versuchen Sie es in einer Minute erneut.',
  serviceRefused:
    'Der Zahlungsdienst konnte diese Zahlung nicht vorbereiten. Bitte versuchen Sie es später erneut oder wenden Sie sich an den Händler.',
  unreachable:
    'Der Zahlungsdienst ist nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
  retry: 'Erneut versuchen',
  blocked:
    'Das sichere Kartenformular konnte nicht geladen werden. Eine Browsererweiterung, eine Firewall oder die Sicherheitseinstellungen dieser Website blockieren es möglicherweise.',
  refused:
    'Zu Ihrer Sicherheit kann diese Zahlung gerade nicht online erfolgen. Bitte wenden Sie sich an {merchant}, um anders zu bezahlen.',
  misconfigured:
    'Diese Zahlung kann auf dieser Seite nicht ausgeführt werden. Bitte wenden Sie sich an den Händler.',
  failed: 'Die Zahlung konnte nicht abgeschlossen werden. Bitte versuchen Sie es erneut.',
  vatLabel: 'USt-IdNr.',
  vatOptional: '(optional)',
  vatHint: 'Ländercode und Nummer, z. B. DE136695976',
  vatEmpty: 'Geben Sie Ihre USt-IdNr. ein.',
  vatCountry: 'Beginnen Sie mit dem EU-Ländercode, z. B. DE oder FR (XI für Nordirland).',
  vatFormat: 'Das ist nicht das Format einer USt-IdNr. aus {country}.',
  vatCheckDigit: 'Diese USt-IdNr. aus {country} enthält einen Tippfehler: Die Prüfziffer stimmt nicht.',
  vatChecking: 'USt-IdNr. wird geprüft…',
  vatInvalid: 'Diese USt-IdNr. ist nicht für den innergemeinschaftlichen Handel registriert (VIES).',
  vatUnavailable:
    'Der EU-Dienst für USt-IdNr. ist nicht erreichbar; Ihre Nummer konnte gerade nicht geprüft werden.',
  vatVerified: 'Geprüft: {name}',
} satisfies Messages;
