import type { PgMigration } from '../pg-migrations.ts';
import { coreMigration } from './0001-core.ts';
import { disputesCaseworkMigration } from './0002-disputes-casework.ts';
import { riskConnectMigration } from './0003-risk-connect.ts';
import { rateLimitsMigration } from './0004-rate-limits.ts';
import { captureMethodMigration } from './0005-capture-method.ts';
import { authorizationMigration } from './0006-authorization.ts';
import { captureDeadlinesMigration } from './0008-capture-deadlines.ts';
import { receiptEmailMigration } from './0009-receipt-email.ts';
import { refundsMigration } from './0007-refunds.ts';

/**
 * The PostgreSQL schema's migrations, in order (applied by `migratePostgres`). Its versions are this adapter's
 * own, not SQLite's: each file writes its tables as they stand today. Append new versions; never edit one
 * that shipped.
 */
export const pgMigrations: PgMigration[] = [
  coreMigration,
  disputesCaseworkMigration,
  riskConnectMigration,
  rateLimitsMigration,
  captureMethodMigration,
  authorizationMigration,
  refundsMigration,
  captureDeadlinesMigration,
  receiptEmailMigration,
];
