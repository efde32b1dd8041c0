/**
 * The marker a docs build leaves beside its pages, `dist/site/.operator-statements.json`, saying which
 * statements it rendered. The server reads it at start (`server/src/ops/docs-build.ts`): production refuses a
 * docs build made from the example file. It is a dotfile, so the static file server never serves it.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import type { OperatorStatements } from './operator-statements.ts';

/** The marker's file name inside the built site. */
export const MARKER_FILE = '.operator-statements.json';

/** What the marker holds. */
export interface OperatorStatementsMarker {
  /** `none`: nothing stated; `example`: the repository's example file; `file`: the operator's own file. */
  source: OperatorStatements['source'];
  /** Ids of the statements the build rendered as made. */
  stated: string[];
  /** Whether the build published a security contact (and so `/.well-known/security.txt`). */
  securityContact: boolean;
}

export function markerOf(loaded: OperatorStatements): OperatorStatementsMarker {
  return {
    source: loaded.source,
    stated: Object.keys(loaded.statements),
    securityContact: loaded.operator?.security !== undefined,
  };
}

/** An Astro integration that writes the marker once the build is done. */
export function operatorStatementsMarker(loaded: OperatorStatements): AstroIntegration {
  return {
    name: 'cargopay:operator-statements-marker',
    hooks: {
      'astro:build:done': ({ dir }) => {
        const file = fileURLToPath(new URL(MARKER_FILE, dir));
        writeFileSync(file, `${JSON.stringify(markerOf(loaded), null, 2)}\n`);
      },
    },
  };
}
