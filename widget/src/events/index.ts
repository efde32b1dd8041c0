export type * from './ready.ts';
export type * from './change.ts';
export type * from './focus.ts';
export type * from './submit.ts';
export type * from './requires-action.ts';
export type * from './succeeded.ts';
export type * from './failed.ts';
export type * from './error.ts';
export type * from './failure.ts';
export type * from './busy.ts';

import type { CargopayReadyDetail } from './ready.ts';
import type { CargopayChangeDetail } from './change.ts';
import type { CargopayFocusDetail } from './focus.ts';
import type { CargopaySubmitDetail } from './submit.ts';
import type { CargopayRequiresActionDetail } from './requires-action.ts';
import type { CargopaySucceededDetail } from './succeeded.ts';
import type { CargopayFailedDetail } from './failed.ts';
import type { CargopayErrorDetail } from './error.ts';
import type { CargopayBusyDetail } from './busy.ts';

/** Every event `<cargopay-checkout>` fires, by name, with its `detail` type; `emit()` is typed by it. */
export interface CargopayEventDetails {
  'cargopay-ready': CargopayReadyDetail;
  'cargopay-change': CargopayChangeDetail;
  'cargopay-focus': CargopayFocusDetail;
  'cargopay-blur': CargopayFocusDetail;
  'cargopay-submit': CargopaySubmitDetail;
  'cargopay-requires-action': CargopayRequiresActionDetail;
  'cargopay-succeeded': CargopaySucceededDetail;
  'cargopay-failed': CargopayFailedDetail;
  'cargopay-error': CargopayErrorDetail;
  'cargopay-busy': CargopayBusyDetail;
}
