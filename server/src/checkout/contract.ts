/**
 * Kept for `store/types.ts` and `store/sqlite-store.ts`, which the storage-port work rewrites: the widget's
 * HTTP contract lives in `contract/http.ts`. Remove this file once `store/` imports from there.
 */
export type { PaymentRequestStatus } from '../contract/http.ts';
