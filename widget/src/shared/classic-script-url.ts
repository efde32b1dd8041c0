import { setScriptUrl } from './script-url.ts';

// Runs first in the classic-script build, while `document.currentScript` is still `cargopay.js`.
setScriptUrl((document.currentScript as HTMLScriptElement | null)?.src);
