import type { TestServer } from '../../test/harness.ts';

/** Sets the server's clock to `at` (ms since the epoch); the sandbox keeps the wall clock. */
export function setClock(t: TestServer, at: number): void {
  t.clock.offsetMs = at - Date.now();
}

/** POSTs a sandbox control call (`/_sandbox/…`), failing the test when the sandbox refuses it. */
export async function sandboxControl(t: TestServer, path: string, body: unknown = {}): Promise<unknown> {
  const response = await fetch(`${t.sandbox.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  return response.json();
}
