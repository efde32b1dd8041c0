import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const { refusal } = createRequire(import.meta.url)('./require-node.cjs') as {
  refusal: (version: string, script: string) => string | null;
};
const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> })
  .scripts;
const CHECK = 'node .config/require-node.cjs';

// Debian's and Ubuntu's packaged Node (20 on this machine), the one a newcomer often has first on PATH.
const systemNode = '/usr/bin/node';
const systemMajor = existsSync(systemNode)
  ? Number(spawnSync(systemNode, ['-p', 'process.versions.node']).stdout.toString().split('.')[0])
  : null;
const oldSystemNode = systemMajor !== null && systemMajor !== 24;

describe('the Node.js version check before every npm script', () => {
  it('refuses any Node but 24 in one line naming the version needed, nvm and an npx command for this script', () => {
    for (const version of ['v20.20.2', 'v18.0.0', 'v22.11.0', 'v25.0.0']) {
      const message = refusal(version, 'start');
      expect(message).toBe(
        `CargoPay needs Node.js 24 (this is ${version}): run \`nvm install\` (reads .nvmrc) or, without nvm, \`npx -y -p node@24 npm run start\`.`,
      );
    }
    expect(refusal('v20.20.2', '')).toContain('`npx -y -p node@24 npm install`');
    expect(refusal('v24.0.0', 'start')).toBeNull();
    expect(refusal('v24.19.2', 'start')).toBeNull();
  });

  it('runs first in every script that runs Node code, and on npm install (preinstall)', () => {
    expect(scripts.preinstall).toBe(CHECK);
    for (const [name, command] of Object.entries(scripts)) {
      if (name === 'preinstall') continue;
      expect(command, name).toMatch(/^node \.config\/require-node\.cjs && /);
    }
  });

  it('on Node 24 says nothing and lets the script run', () => {
    const run = spawnSync(process.execPath, ['.config/require-node.cjs'], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout + run.stderr).toBe('');
  });

  it.skipIf(!oldSystemNode)(
    `npm start, npm run merchant and npm test with ${systemNode} (Node ${systemMajor}) first on PATH: one line and exit 1`,
    () => {
      for (const script of ['start', 'merchant', 'test']) {
        const run = spawnSync('npm', ['run', '--silent', script], {
          encoding: 'utf8',
          env: { PATH: '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp' },
        });
        expect(run.stderr).toMatch(
          new RegExp(
            `^CargoPay needs Node\\.js 24 \\(this is v${systemMajor}\\.[\\d.]+\\): run \`nvm install\` \\(reads \\.nvmrc\\) or, without nvm, \`npx -y -p node@24 npm run ${script}\`\\.\\n`,
          ),
        );
        expect(run.status, script).toBe(1);
      }
    },
  );
});
