/** What `Store.exclusive` answers: the job's result when it ran here, or that another run holds the job. */
export type ExclusiveRun<T> = { ran: true; value: T } | { ran: false };

export interface ExclusiveOptions {
  /**
   * Keep the job after `fn` returns, for as long as this store is open (and, on PostgreSQL, its lock's
   * connection lives): later calls here run again, calls from other instances do not. For a job whose
   * memory must stay with one instance (the monitor's "raised once per crossing"), not for a sweep that any
   * instance may do next.
   */
  hold?: boolean;
}
