import type { AppContext } from '../context.ts';
import { ProblemError } from '../http/problems.ts';
import type { PaymentRequest, VatProof } from '../store/types.ts';
import type { VatCheckResponse } from '../contract/http.ts';
import { parseVatNumber, passesLocalChecks } from './check-digits.ts';

/**
 * Checks a buyer's VAT number for a payment request: format and check digits locally, then VIES. The answer
 * (with VIES's `requestDate` and consultation id) is kept sealed with the request as proof of the check.
 */
export async function checkVatForRequest(
  ctx: AppContext,
  pr: PaymentRequest,
  input: string,
): Promise<VatCheckResponse> {
  const parsed = parseVatNumber(input);
  if (!parsed) {
    throw new ProblemError('validation-failed', {
      errors: [
        {
          path: 'vat_number',
          message: 'must start with an EU country code (EL for Greece, XI for Northern Ireland)',
        },
      ],
    });
  }
  const local = passesLocalChecks(parsed);
  const answer = local
    ? await ctx.vies.check(parsed.countryCode, parsed.number)
    : {
        result: 'invalid' as const,
        name: null,
        address: null,
        requestDate: null,
        requestIdentifier: null,
        error: 'CHECK_DIGITS',
      };
  const now = ctx.now();
  const proof: VatProof = {
    result: answer.result,
    countryCode: parsed.countryCode,
    vatNumber: parsed.number,
    name: answer.name,
    address: answer.address,
    requestDate: answer.requestDate,
    requestIdentifier: answer.requestIdentifier,
    error: answer.error,
    checkedAt: now.toISOString(),
  };
  await ctx.store.paymentRequests.saveVatCheck(pr.id, proof, now.toISOString());
  return {
    result: proof.result,
    country_code: proof.countryCode,
    vat_number: proof.vatNumber,
    name: proof.name,
    address: proof.address,
    request_date: proof.requestDate,
  };
}
