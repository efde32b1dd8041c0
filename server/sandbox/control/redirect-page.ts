/**
 * The page a redirect-based 3D Secure challenge (`next_action.redirect_to_url`) sends the buyer to: two plain
 * HTML forms, "Complete authentication" and "Fail authentication", with no script, that post to the control
 * API and come back to the merchant's `return_url` as Stripe does.
 */

const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Content-Security-Policy of the page: no script at all, forms only to the sandbox itself. */
export const REDIRECT_PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'";

export function redirectChallengePage(paymentIntent: string): string {
  const id = escapeHtml(paymentIntent);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>3D Secure test authentication (offline Stripe sandbox)</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 32rem; margin: 3rem auto; padding: 0 1rem; color: #1a1a1a; }
  form { display: inline-block; margin: 0 0.5rem 0.5rem 0; }
  button { font: inherit; padding: 0.6rem 1rem; border-radius: 6px; border: 1px solid #888; cursor: pointer; }
  .complete { background: #0a5; color: #fff; border-color: #0a5; }
  .note { color: #555; font-size: 0.9rem; }
</style>
</head>
<body>
<main>
<h1>3D Secure test authentication</h1>
<p>Payment <code>${id}</code> needs authentication. This is the offline Stripe sandbox, not your bank:
choose the outcome to test.</p>
<form method="post" action="/_sandbox/3ds/${id}/complete"><input type="hidden" name="redirect" value="true">
<button class="complete" type="submit">Complete authentication</button></form>
<form method="post" action="/_sandbox/3ds/${id}/fail"><input type="hidden" name="redirect" value="true">
<button type="submit">Fail authentication</button></form>
<p class="note">After your choice you return to the shop's <code>return_url</code>.</p>
</main>
</body>
</html>
`;
}
