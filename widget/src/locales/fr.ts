import type { Messages } from './en.ts';

/** French. */
export default {
  loading: 'Chargement du formulaire de paiement…',
  ready: 'Formulaire de paiement prêt.',
  merchant: 'Payer à',
  reference: 'Envoi',
  carrier: 'Transporteur',
  total: 'Total',
  pay: 'Payer {amount}',
  processing: 'Paiement en cours…',
  authenticating: 'Confirmez le paiement auprès de votre banque dans la fenêtre qui s’est ouverte.',
  succeeded: 'Paiement reçu',
  receipt: '{amount} payés à {merchant} pour l’envoi {reference}.',
  pending: 'Votre paiement de {amount} est en cours de traitement. Vous serez averti de sa finalisation.',
  hold: 'Un montant de {amount} va être bloqué sur votre carte (autorisation). Le prix définitif sera débité une fois l’envoi pesé et mesuré.',
  holdMax:
    'Un montant de {amount} va être bloqué sur votre carte (autorisation). Le prix définitif, au plus {max}, sera débité une fois l’envoi pesé et mesuré.',
  authorized:
    'Un montant de {amount} est autorisé sur votre carte ; le prix définitif sera débité après la pesée.',
  authorizedMax:
    'Un montant de {amount} est autorisé sur votre carte ; le prix définitif, au plus {max}, sera débité après la pesée.',
  paymentId: 'Identifiant du paiement',
  declined: 'Paiement refusé',
  authFailed: 'L’authentification bancaire a échoué',
  tryAgain: 'Essayer une autre carte',
  alreadyPaid: 'Cet envoi a déjà été payé.',
  canceled: 'Cette demande de paiement a été annulée.',
  expired: 'Cette demande de paiement a expiré.',
  unavailableHelp: 'Demandez au marchand un nouveau lien de paiement.',
  retrying: 'Problème de connexion. Nouvelle tentative…',
  busy: 'De nombreux paiements sont en cours. Nouvelle tentative dans un instant…',
  busyTryAgain: 'Le service de paiement est très sollicité en ce moment. Veuillez réessayer dans une minute.',
  serviceRefused:
    'Le service de paiement n’a pas pu préparer ce paiement. Veuillez réessayer plus tard ou contacter le marchand.',
  unreachable: 'Le service de paiement est injoignable. Vérifiez votre connexion et réessayez.',
  retry: 'Réessayer',
  blocked:
    'Le formulaire de carte sécurisé n’a pas pu se charger. Une extension du navigateur, un pare-feu ou les réglages de sécurité de ce site le bloquent peut-être.',
  refused:
    'Pour votre sécurité, ce paiement ne peut pas être effectué en ligne pour le moment. Contactez {merchant} pour payer autrement.',
  misconfigured: 'Ce paiement ne peut pas être effectué sur cette page. Veuillez contacter le marchand.',
  failed: 'Le paiement n’a pas pu aboutir. Veuillez réessayer.',
  vatLabel: 'Numéro de TVA',
  vatOptional: '(facultatif)',
  vatHint: 'Code pays puis numéro, p. ex. FR40303265045',
  vatEmpty: 'Saisissez votre numéro de TVA.',
  vatCountry: 'Commencez par le code pays de l’UE, p. ex. FR ou DE (XI pour l’Irlande du Nord).',
  vatFormat: 'Ce n’est pas le format d’un numéro de TVA {country}.',
  vatCheckDigit:
    'Ce numéro de TVA {country} contient une faute de frappe : sa clé de contrôle ne correspond pas.',
  vatChecking: 'Vérification de votre numéro de TVA…',
  vatInvalid: 'Ce numéro de TVA n’est pas enregistré pour les échanges intracommunautaires (VIES).',
  vatUnavailable:
    'Le service TVA de l’UE est indisponible ; votre numéro n’a pas pu être vérifié pour le moment.',
  vatVerified: 'Vérifié : {name}',
} satisfies Messages;
