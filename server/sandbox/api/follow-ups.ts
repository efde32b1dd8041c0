import type Stripe from 'stripe';
import type { CardScenario } from './cards.ts';
import { openDispute } from './disputes.ts';
import { raiseEarlyFraudWarning } from './early-fraud-warnings.ts';
import type { SandboxState } from './state.ts';

/**
 * Cards that Stripe disputes, inquires about or warns about a moment after a successful, captured payment
 * (4000000000000259, …2685, …1976, …5423) do so here, after the sandbox's `followUpDelayMs`.
 */
export function scheduleFollowUp(state: SandboxState, scenario: CardScenario, charge: Stripe.Charge): void {
  const followUp = scenario.followUp;
  if (!followUp) return;
  state.later(state.followUpDelayMs, () => {
    if (!state.charges.has(charge.id)) return;
    if (followUp.kind === 'early_fraud_warning')
      raiseEarlyFraudWarning(state, charge, followUp.fraud_type, null);
    else openDispute(state, charge, followUp.reason, followUp.kind === 'inquiry', null);
  });
}
