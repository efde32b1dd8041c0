import type { Messages } from './en.ts';

/** Dutch. */
export default {
  loading: 'Betaalformulier laden…',
  ready: 'Betaalformulier klaar.',
  merchant: 'Betalen aan',
  reference: 'Zending',
  carrier: 'Vervoerder',
  total: 'Totaal',
  pay: '{amount} betalen',
  processing: 'Betaling wordt verwerkt…',
  authenticating: 'Bevestig de betaling bij uw bank in het venster dat is geopend.',
  succeeded: 'Betaling ontvangen',
  receipt: '{amount} betaald aan {merchant} voor zending {reference}.',
  pending: 'Uw betaling van {amount} wordt verwerkt. U krijgt bericht zodra die is afgerond.',
  hold: 'Er wordt nu {amount} op uw kaart gereserveerd (geautoriseerd). De definitieve prijs wordt afgeschreven nadat de zending is gewogen en gemeten.',
  holdMax:
    'Er wordt nu {amount} op uw kaart gereserveerd (geautoriseerd). De definitieve prijs, maximaal {max}, wordt afgeschreven nadat de zending is gewogen en gemeten.',
  authorized:
    'Er is {amount} op uw kaart gereserveerd; de definitieve prijs wordt na het wegen afgeschreven.',
  authorizedMax:
    'Er is {amount} op uw kaart gereserveerd; de definitieve prijs, maximaal {max}, wordt na het wegen afgeschreven.',
  paymentId: 'Betalings-ID',
  declined: 'Betaling geweigerd',
  authFailed: 'Verificatie bij de bank mislukt',
  tryAgain: 'Andere kaart proberen',
  alreadyPaid: 'Deze zending is al betaald.',
  canceled: 'Dit betaalverzoek is geannuleerd.',
  expired: 'Dit betaalverzoek is verlopen.',
  unavailableHelp: 'Vraag de verkoper om een nieuwe betaallink.',
  retrying: 'Verbindingsprobleem. Opnieuw proberen…',
  busy: 'Er worden nu veel betalingen gedaan. Zo meteen opnieuw proberen…',
  busyTryAgain: 'De betaaldienst is nu erg druk. Probeer het over een minuut opnieuw.',
  serviceRefused:
    'De betaaldienst kon deze betaling niet voorbereiden. Probeer het later opnieuw of neem contact op met de verkoper.',
  unreachable: 'De betaaldienst is niet bereikbaar. Controleer uw verbinding en probeer het opnieuw.',
  retry: 'Opnieuw proberen',
  blocked:
    'Het beveiligde kaartformulier kon niet laden. Mogelijk blokkeert een browserextensie, een firewall of de beveiligingsinstelling van deze site het.',
  refused:
    'Voor uw veiligheid kan deze betaling nu niet online worden gedaan. Neem contact op met {merchant} om op een andere manier te betalen.',
  misconfigured: 'Deze betaling kan niet op deze pagina worden gedaan. Neem contact op met de verkoper.',
  failed: 'De betaling kon niet worden voltooid. Probeer het opnieuw.',
  vatLabel: 'Btw-nummer',
  vatOptional: '(optioneel)',
  vatHint: 'Landcode en nummer, bijv. NL004495445B01',
  vatEmpty: 'Vul uw btw-nummer in.',
  vatCountry: 'Begin met de EU-landcode, bijv. NL of BE (XI voor Noord-Ierland).',
  vatFormat: 'Dit is niet de opbouw van een btw-nummer uit {country}.',
  vatCheckDigit: 'Dit btw-nummer uit {country} bevat een typefout: de controlecijfers kloppen niet.',
  vatChecking: 'Btw-nummer controleren…',
  vatInvalid: 'Dit btw-nummer is niet geregistreerd voor intracommunautaire handel (VIES).',
  vatUnavailable: 'De btw-dienst van de EU is niet beschikbaar; uw nummer kon nu niet worden gecontroleerd.',
  vatVerified: 'Gecontroleerd: {name}',
} satisfies Messages;
