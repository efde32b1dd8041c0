import type { Messages } from './en.ts';

/** Polish. */
export default {
  loading: 'Ładowanie formularza płatności…',
  ready: 'Formularz płatności gotowy.',
  merchant: 'Odbiorca',
  reference: 'Przesyłka',
  carrier: 'Przewoźnik',
  total: 'Razem',
  pay: 'Zapłać {amount}',
  processing: 'Przetwarzanie płatności…',
  authenticating: 'Potwierdź płatność w swoim banku w otwartym oknie.',
  succeeded: 'Płatność otrzymana',
  receipt: 'Zapłacono {amount} na rzecz {merchant} za przesyłkę {reference}.',
  pending: 'Twoja płatność {amount} jest przetwarzana. Powiadomimy Cię o jej zakończeniu.',
  hold: 'Na Twojej karcie zostanie teraz zablokowana (autoryzowana) kwota {amount}. Ostateczna cena zostanie pobrana po zważeniu i zmierzeniu przesyłki.',
  holdMax:
    'Na Twojej karcie zostanie teraz zablokowana (autoryzowana) kwota {amount}. Ostateczna cena, najwyżej {max}, zostanie pobrana po zważeniu i zmierzeniu przesyłki.',
  authorized:
    'Na Twojej karcie zablokowano kwotę {amount}; ostateczna cena zostanie pobrana po zważeniu przesyłki.',
  authorizedMax:
    'Na Twojej karcie zablokowano kwotę {amount}; ostateczna cena, najwyżej {max}, zostanie pobrana po zważeniu przesyłki.',
  paymentId: 'ID płatności',
  declined: 'Płatność odrzucona',
  authFailed: 'Uwierzytelnienie w banku nie powiodło się',
  tryAgain: 'Użyj innej karty',
  alreadyPaid: 'Ta przesyłka została już opłacona.',
  canceled: 'To żądanie płatności zostało anulowane.',
  expired: 'To żądanie płatności wygasło.',
  unavailableHelp: 'Poproś sprzedawcę o nowy link do płatności.',
  retrying: 'Problem z połączeniem. Ponawianie…',
  busy: 'W tej chwili realizowanych jest wiele płatności. Za chwilę ponowimy próbę…',
  busyTryAgain: 'Usługa płatności jest teraz bardzo obciążona. Spróbuj ponownie za minutę.',
  serviceRefused:
    'Usługa płatności nie mogła przygotować tej płatności. Spróbuj ponownie później lub skontaktuj się ze sprzedawcą.',
  unreachable: 'Nie udało się połączyć z usługą płatności. Sprawdź połączenie i spróbuj ponownie.',
  retry: 'Spróbuj ponownie',
  blocked:
    'Nie udało się załadować bezpiecznego formularza karty. Może go blokować rozszerzenie przeglądarki, zapora sieciowa lub ustawienia bezpieczeństwa tej strony.',
  refused:
    'Ze względów bezpieczeństwa tej płatności nie można teraz zrealizować online. Skontaktuj się z {merchant}, aby zapłacić w inny sposób.',
  misconfigured: 'Tej płatności nie można zrealizować na tej stronie. Skontaktuj się ze sprzedawcą.',
  failed: 'Nie udało się dokończyć płatności. Spróbuj ponownie.',
  vatLabel: 'Numer VAT',
  vatOptional: '(opcjonalnie)',
  vatHint: 'Kod kraju i numer, np. PL8567346215',
  vatEmpty: 'Wpisz swój numer VAT.',
  vatCountry: 'Zacznij od kodu kraju UE, np. PL lub DE (XI dla Irlandii Północnej).',
  vatFormat: 'To nie jest format numeru VAT kraju {country}.',
  vatCheckDigit: 'Ten numer VAT kraju {country} zawiera literówkę: cyfry kontrolne się nie zgadzają.',
  vatChecking: 'Sprawdzanie numeru VAT…',
  vatInvalid: 'Ten numer VAT nie jest zarejestrowany w handlu wewnątrzwspólnotowym (VIES).',
  vatUnavailable: 'Unijna usługa VAT jest niedostępna; nie udało się teraz sprawdzić Twojego numeru.',
  vatVerified: 'Zweryfikowano: {name}',
} satisfies Messages;
