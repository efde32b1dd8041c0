import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

/** A V8 CPU profile (`.cpuprofile`), as the inspector's `Profiler.stop` returns it. */
interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
  }[];
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  /** `function (file:line)`, the file relative to the repository, or V8's `(garbage collector)` and such. */
  where: string;
  ms: number;
  /** Share of the profile's sampled time, in percent. */
  share: number;
}

/**
 * The functions with the most self time in a `.cpuprofile` (time sampled while the function itself, not a
 * callee, was on top of the stack), summed over every call site; `(idle)` counts toward the total.
 */
export function topSelfTime(
  path: string,
  root: string,
  count = 8,
  group: 'function' | 'area' = 'function',
): SelfTime[] {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const byWhere = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    // timeDeltas[i] is the time since the previous sample, attributed to this sample's function; the first
    // one counts from the profiler's start (the inspector call that started it), not from a sample.
    const us = i === 0 ? 0 : (profile.timeDeltas[i] ?? 0);
    const frame = frames.get(id);
    if (!frame) return;
    total += us;
    const file = frame.url.replace(/^file:\/\//, '');
    const at = file ? ` (${file.startsWith('/') ? relative(root, file) : file}:${frame.lineNumber + 1})` : '';
    const where =
      group === 'function'
        ? `${frame.functionName || '(anonymous)'}${at}`
        : area(file, frame.functionName, root);
    byWhere.set(where, (byWhere.get(where) ?? 0) + us);
  });
  return [...byWhere.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([where, us]) => ({ where, ms: us / 1000, share: total === 0 ? 0 : (100 * us) / total }));
}

/**
 * Where a function lives, coarsely: an npm package, a folder of `server/src`, Node's own code, or V8's
 * pseudo-functions (`(garbage collector)`, `(idle)`, `(program)`) and native code.
 */
function area(file: string, functionName: string, root: string): string {
  if (!file) return functionName.startsWith('(') ? functionName : '(native)';
  if (file.startsWith('node:')) return 'node: (Node.js itself)';
  const inRepo = file.startsWith('/') ? relative(root, file) : file;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(inRepo);
  if (pkg) return `npm ${pkg[1]}`;
  const src = /^server\/src\/([^/]+)\//.exec(inRepo);
  if (src) return `server/src/${src[1]}/`;
  return inRepo.split('/').slice(0, 2).join('/');
}

// `node bench/profile-top.ts <file.cpuprofile> [count] [function|area]` prints the summary.
if (import.meta.main) {
  const [path, count, group] = process.argv.slice(2);
  if (!path) throw new Error('usage: node bench/profile-top.ts <file.cpuprofile> [count] [function|area]');
  for (const row of topSelfTime(
    path,
    process.cwd(),
    Number(count ?? 15),
    group === 'area' ? 'area' : 'function',
  ))
    console.info(`${row.share.toFixed(1).padStart(5)}%  ${row.ms.toFixed(0).padStart(6)} ms  ${row.where}`);
}
