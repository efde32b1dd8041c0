/**
 * The HTML of the sandbox's two browser pages. They hold no inline script or style (their CSP forbids it):
 * everything dynamic is done by the page's script, configured through the URL's query and hash.
 */

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The Payment Element iframe: an empty form that `payment-element.js` builds from the URL's parameters. */
export function paymentElementPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Secure payment input frame</title>
<link rel="stylesheet" href="/_sandbox/assets/payment-element.css">
<script src="/_sandbox/assets/payment-element.js" defer></script>
</head>
<body>
<form id="payment-form" novalidate autocomplete="on"></form>
</body>
</html>
`;
}

/** The 3D Secure challenge for one PaymentIntent, as Stripe's test mode shows it. */
export function challengePage(paymentIntent: string): string {
  const id = escapeHtml(paymentIntent);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>3D Secure test authentication</title>
<link rel="stylesheet" href="/_sandbox/assets/challenge.css">
<script src="/_sandbox/assets/challenge.js" defer></script>
</head>
<body>
<main class="challenge" data-payment-intent="${id}" aria-labelledby="challenge-title">
<p class="badge">Test mode · CargoPay sandbox</p>
<h1 id="challenge-title">3D Secure test payment page</h1>
<p>This is a test authentication for payment <code>${id}</code>. In live mode, the bank that issued the card
would ask the cardholder to confirm the payment here.</p>
<div class="actions">
<button type="button" id="complete" class="primary">Complete authentication</button>
<button type="button" id="fail">Fail authentication</button>
</div>
<p id="status" role="status" aria-live="polite"></p>
</main>
</body>
</html>
`;
}
