// Runs before every npm script (and on `npm install`) to stop early on a Node.js this project cannot run on,
// e.g. Debian's Node 20 first on PATH, which otherwise dies later on `ERR_UNKNOWN_FILE_EXTENSION ".ts"`.
// Deliberately ES5 CommonJS with no dependencies, so that it runs, and says something useful, on any old Node.
'use strict';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS on purpose, see above
var engines = require('../package.json').engines.node; // e.g. ">=24 <25"

/** Returns the one-line refusal for running `script` on Node `version`, or null when `version` is supported. */
function refusal(version, script) {
  var min = Number((/>=\s*(\d+)/.exec(engines) || [])[1]);
  var below = Number((/<\s*(\d+)/.exec(engines) || [])[1] || Infinity);
  var major = Number(String(version).replace(/^v/, '').split('.')[0]);
  if (major >= min && major < below) return null;
  var retry = script
    ? 'npx -y -p node@' + min + ' npm run ' + script
    : 'npx -y -p node@' + min + ' npm install';
  return [
    'CargoPay needs Node.js ' + min + ' (this is ' + version + '):',
    'run `nvm install` (reads .nvmrc) or, without nvm, `' + retry + '`.',
  ].join(' ');
}

module.exports = { refusal: refusal };

if (require.main === module) {
  var event = process.env.npm_lifecycle_event;
  var message = refusal(process.version, event && event !== 'preinstall' ? event : '');
  if (message) {
    console.error(message);
    process.exit(1);
  }
}
