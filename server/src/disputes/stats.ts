import type { DisputeCase } from '../store/ports/disputes.ts';

const rate = (won: number, closed: number): number | null =>
  closed === 0 ? null : Math.round((won / closed) * 1000) / 1000;

/**
 * A merchant's dispute track record: win rate overall and split by whether the evidence sent was complete
 * (nothing the reason calls for was missing), and the average time from the dispute being opened to the
 * evidence being submitted. Inquiries closed without a chargeback count in neither wins nor losses.
 */
export function disputeStats(cases: DisputeCase[]) {
  const decided = cases.filter((c) => c.outcome === 'won' || c.outcome === 'lost');
  const split = (complete: boolean) => {
    const group = decided.filter((c) => (c.complete ?? false) === complete);
    const won = group.filter((c) => c.outcome === 'won').length;
    return { closed: group.length, won, win_rate: rate(won, group.length) };
  };
  const won = decided.filter((c) => c.outcome === 'won').length;
  const responded = cases.filter((c) => c.submittedAt !== null);
  const seconds = responded.map(
    (c) => (new Date(c.submittedAt as string).getTime() - new Date(c.openedAt).getTime()) / 1000,
  );
  return {
    disputes: cases.length,
    open: cases.filter((c) => c.outcome === null).length,
    closed: cases.filter((c) => c.outcome !== null).length,
    won,
    lost: decided.length - won,
    win_rate: rate(won, decided.length),
    with_complete_evidence: split(true),
    without_complete_evidence: split(false),
    average_response_seconds:
      seconds.length === 0
        ? null
        : Math.round((seconds.reduce((a, b) => a + b, 0) / seconds.length) * 10) / 10,
    responded: responded.length,
  };
}
