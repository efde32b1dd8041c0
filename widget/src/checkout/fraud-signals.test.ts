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
