/** What one check found: lines to print, and failures (the run fails when any check has one). */
export interface CheckResult {
  name: string;
  found: string[];
  failures: string[];
}

export function result(name: string): CheckResult {
  return { name, found: [], failures: [] };
}
