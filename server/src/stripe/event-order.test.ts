import { describe, expect, it } from 'vitest';
import {
  compareStamps,
  disputeStatusRank,
  intentEventRank,
  newest,
  refundStatusRank,
  supersedes,
  UNSTAMPED,
  type EventStamp,
} from './event-order.ts';

const stamp = (created: number, rank: number, eventId: string): EventStamp => ({ created, rank, eventId });

describe('the order of Stripe events', () => {
  it('orders by created, then lifecycle rank within the second, then event id', () => {
    const sorted = [
      stamp(100, 5, 'evt_a'),
      stamp(101, 0, 'evt_a'),
      stamp(100, 3, 'evt_b'),
      stamp(100, 3, 'evt_a'),
    ].sort(compareStamps);
    expect(sorted).toEqual([
      stamp(100, 3, 'evt_a'),
      stamp(100, 3, 'evt_b'),
      stamp(100, 5, 'evt_a'),
      stamp(101, 0, 'evt_a'),
    ]);
  });

  it('lets an event overwrite only what an older or the same event wrote', () => {
    expect(supersedes(stamp(100, 4, 'evt_x'), null)).toBe(true);
    expect(supersedes(stamp(100, 4, 'evt_x'), stamp(100, 4, 'evt_x'))).toBe(true);
    expect(supersedes(stamp(100, 4, 'evt_x'), stamp(100, 5, 'evt_a'))).toBe(false);
    expect(supersedes(stamp(99, 5, 'evt_z'), stamp(100, 0, 'evt_a'))).toBe(false);
    expect(supersedes(UNSTAMPED, stamp(1, 0, 'evt_a'))).toBe(false);
    expect(newest(stamp(100, 4, 'evt_x'), stamp(100, 5, 'evt_a'))).toEqual(stamp(100, 5, 'evt_a'));
  });

  it('ranks a dispute closed over under review over needing a response, inquiries before chargebacks', () => {
    const lifecycle = [
      'warning_needs_response',
      'warning_under_review',
      'needs_response',
      'under_review',
      'lost',
    ].map(disputeStatusRank);
    expect(lifecycle).toEqual([...lifecycle].sort((a, b) => a - b));
    expect(new Set(lifecycle).size).toBe(lifecycle.length);
    expect(disputeStatusRank('won')).toBe(disputeStatusRank('lost'));
    expect(disputeStatusRank('warning_closed')).toBe(disputeStatusRank('lost'));
    expect(disputeStatusRank('something_new')).toBeLessThan(disputeStatusRank('warning_needs_response'));
  });

  it('ranks a failed attempt over processing, an authorization over both, and success over everything, within one second', () => {
    const attempt = [
      'payment_intent.requires_action',
      'payment_intent.processing',
      'payment_intent.payment_failed',
      'payment_intent.amount_capturable_updated',
      'payment_intent.canceled',
      'payment_intent.succeeded',
    ].map(intentEventRank);
    expect(attempt).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('ranks a refund waiting before succeeded, and failed or canceled after it, within one second', () => {
    const [waiting, action, succeeded, failed, canceled, unknown] = [
      'pending',
      'requires_action',
      'succeeded',
      'failed',
      'canceled',
      null,
    ].map(refundStatusRank);
    expect(waiting).toBe(action);
    expect(unknown).toBeLessThan(waiting as number);
    expect(succeeded).toBeGreaterThan(waiting as number);
    expect(failed).toBeGreaterThan(succeeded as number);
    expect(canceled).toBe(failed);
  });
});
