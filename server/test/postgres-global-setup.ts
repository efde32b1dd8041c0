import type { TestProject } from 'vitest/node';
import { startTestPostgres } from './postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The admin URL of the PostgreSQL server this test run started (see `createDatabaseAt`). */
    postgresAdminUrl: string;
  }
}

/**
 * One PostgreSQL server for the whole run of the node tests; each test that needs one creates its own database
 * on it (`createDatabaseAt(inject('postgresAdminUrl'))`), so tests never see each other's rows.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const postgres = await startTestPostgres();
  project.provide('postgresAdminUrl', postgres.adminUrl);
  return () => postgres.stop();
}
