import type { Migration } from '../migrations.ts';

/**
 * Leases for the three queues (webhook inbox, notification outbox, casework): a worker claims due rows by
 * setting `lease_until` and `leased_by`, and completes or fails each one; a row whose lease ran out is due
 * again, so work held by a process that died is taken over. (On SQLite, one instance, a lease held by any other
 * `leased_by` is from a process that is gone and is taken over at once: see `sqlite-store.ts`.)
 */
export const queueLeasesMigration: Migration = {
  version: 9,
  name: 'queue leases',
  sql: `
    ALTER TABLE webhook_inbox ADD COLUMN lease_until TEXT;
    ALTER TABLE webhook_inbox ADD COLUMN leased_by TEXT;
    ALTER TABLE notifications ADD COLUMN lease_until TEXT;
    ALTER TABLE notifications ADD COLUMN leased_by TEXT;
    ALTER TABLE casework_jobs ADD COLUMN lease_until TEXT;
    ALTER TABLE casework_jobs ADD COLUMN leased_by TEXT;
  `,
};
