/**
 * The classic-script entry (`<script src=".../cargopay.js">`): records where the script came from (the default
 * `api-base`, and where the locale files are), then defines `<cargopay-checkout>`. Import order matters.
 */
import './shared/classic-script-url.ts';
import './checkout/checkout.ts';
