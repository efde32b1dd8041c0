import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * SRI hash of the built classic widget script (`cargopay.js`), from `dist/widget/manifest.json`, when present:
 * the pages this server renders load the widget with it, as merchants do.
 */
export function widgetIntegrity(distDir: string): string | null {
  const file = join(distDir, 'widget', 'manifest.json');
  if (!existsSync(file)) return null;
  try {
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    const entries = Array.isArray(manifest)
      ? manifest
      : ((manifest as { files?: unknown }).files ?? manifest);
    const list = Array.isArray(entries)
      ? entries
      : Object.entries(entries as object).map(([name, v]) => ({ name, ...(v as object) }));
    const entry = (list as { name?: string; file?: string; integrity?: string; sri?: string }[]).find(
      (f) => (f.name ?? f.file) === 'cargopay.js',
    );
    return entry?.integrity ?? entry?.sri ?? null;
  } catch {
    return null;
  }
}
