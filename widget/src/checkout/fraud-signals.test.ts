import { expect } from 'chai';
import { deviceId } from './fraud-signals.ts';

declare const describe: (name: string, body: () => void) => void;
declare const it: (name: string, body: () => Promise<void> | void) => void;
declare const afterEach: (body: () => Promise<void> | void) => void;

const KEY = 'cargopay.device';

afterEach(() => localStorage.removeItem(KEY));

describe('device id', () => {
  it('is 128 random bits in letters only, so no id can look like a card number to the server', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 2_000; i++) {
      localStorage.removeItem(KEY);
      const id = deviceId();
      expect(id).to.match(/^[a-p]{32}$/);
      ids.add(id);
    }
    expect(ids.size).to.equal(2_000);
  });

  it('10,000 new ids are all distinct, and each of their 128 bits is set in about half of them', () => {
    const count = 10_000;
    const ids = new Set<string>();
    const ones = new Array<number>(128).fill(0);
    for (let i = 0; i < count; i++) {
      localStorage.removeItem(KEY);
      const id = deviceId();
      ids.add(id);
      // Each letter a–p carries 4 bits.
      for (let c = 0; c < 32; c++) {
        const nibble = id.charCodeAt(c) - 97;
        for (let b = 0; b < 4; b++) ones[c * 4 + b] = (ones[c * 4 + b] ?? 0) + ((nibble >> (3 - b)) & 1);
      }
    }
    expect(ids.size).to.equal(count);
    // A fair bit is set 5,000 times ± 50; 45–55 % is ten deviations either way: only a stuck or biased bit fails.
    ones.forEach((set, bit) => {
      expect(set, `bit ${bit}`).to.be.greaterThan(count * 0.45);
      expect(set, `bit ${bit}`).to.be.lessThan(count * 0.55);
    });
  });

  it('reads no fingerprint input (user agent, languages, platform, screen, timezone, hardware, plugins): only crypto.getRandomValues feeds it', () => {
    const read: string[] = [];
    const restore: Array<() => void> = [];
    /** Replaces `owner[name]` with a getter that records the read and answers `value`. */
    const spy = (owner: object, label: string, name: string, value: unknown) => {
      Object.defineProperty(owner, name, {
        configurable: true,
        get: () => {
          read.push(`${label}.${name}`);
          return value;
        },
      });
      restore.push(() => Reflect.deleteProperty(owner, name));
    };
    for (const name of [
      'userAgent',
      'userAgentData',
      'language',
      'languages',
      'platform',
      'vendor',
      'hardwareConcurrency',
      'deviceMemory',
      'maxTouchPoints',
      'plugins',
      'mimeTypes',
    ]) {
      spy(navigator, 'navigator', name, `changed-${name}`);
    }
    for (const name of ['width', 'height', 'availWidth', 'availHeight', 'colorDepth', 'pixelDepth']) {
      spy(screen, 'screen', name, 1);
    }
    spy(window, 'window', 'devicePixelRatio', 3);
    const originalOffset = Date.prototype.getTimezoneOffset;
    Date.prototype.getTimezoneOffset = function () {
      read.push('Date.getTimezoneOffset');
      return originalOffset.call(this);
    };
    const originalFormat = Intl.DateTimeFormat.prototype.resolvedOptions;
    Intl.DateTimeFormat.prototype.resolvedOptions = function () {
      read.push('Intl.DateTimeFormat.resolvedOptions');
      return originalFormat.call(this);
    };
    // The same random bytes must give the same id whatever the browser reports.
    const originalRandom = crypto.getRandomValues.bind(crypto);
    const fixed = <T extends ArrayBufferView | null>(array: T): T => {
      if (array instanceof Uint8Array) array.forEach((_, i) => (array[i] = (i * 37 + 11) & 255));
      return array;
    };
    crypto.getRandomValues = fixed;
    try {
      localStorage.removeItem(KEY);
      const id = deviceId();
      expect(read).to.deep.equal([]);
      crypto.getRandomValues = originalRandom;
      restore.forEach((undo) => undo());
      restore.length = 0;
      Date.prototype.getTimezoneOffset = originalOffset;
      Intl.DateTimeFormat.prototype.resolvedOptions = originalFormat;
      crypto.getRandomValues = fixed;
      localStorage.removeItem(KEY);
      expect(deviceId(), 'same random bytes, real browser properties').to.equal(id);
    } finally {
      crypto.getRandomValues = originalRandom;
      restore.forEach((undo) => undo());
      Date.prototype.getTimezoneOffset = originalOffset;
      Intl.DateTimeFormat.prototype.resolvedOptions = originalFormat;
    }
  });

  it('is kept in localStorage and sent again', () => {
    const id = deviceId();
    expect(localStorage.getItem(KEY)).to.equal(id);
    expect(deviceId()).to.equal(id);
  });

  it("replaces an older widget's hex id, which could hold a Luhn-valid run of digits", () => {
    // 4000 0566 5566 5556 is a Luhn-valid test card number, written as hex digits.
    const legacy = '4000056655665556abcdef0123456789';
    localStorage.setItem(KEY, legacy);
    const id = deviceId();
    expect(id).not.to.equal(legacy);
    expect(id).to.match(/^[a-p]{32}$/);
    expect(localStorage.getItem(KEY)).to.equal(id);
  });
});
