import { describe, expect, it } from 'vitest';
import { minifyTemplates } from './minify-templates.ts';

describe('squeezing Lit templates at build time', () => {
  it('collapses css templates without touching values that need their spaces', () => {
    const out = minifyTemplates(
      'const s = css`\n  :host {\n    padding: 0 calc(var(--x) * 3);\n  }\n  a,\n  b { color: red; }\n`;',
    );
    expect(out).toBe('const s = css`:host{padding:0 calc(var(--x)*3)}a,b{color:red}`;');
  });

  it('drops what CSS never needs (a last `;`, quotes around identifier attribute values, leading zeros)', () => {
    const out = minifyTemplates(
      "const s = css`[part='skeleton'] i { opacity: 0.25; } [x='a b'] { margin: 10.5px; } * { top: 0 !important; }`;",
    );
    expect(out).toBe(
      "const s = css`[part=skeleton] i{opacity:.25}[x='a b']{margin:10.5px}*{top:0!important}`;",
    );
  });

  it('drops line breaks next to tags (as JSX does), keeps expressions and squeezes nested templates', () => {
    const source = "html`<p>\n  ${a ? html`<b>\n  x</b>` : 'a  b'}\n</p>\n<i>${'}'}</i>`";
    expect(minifyTemplates(source)).toBe("html`<p>${a ? html`<b>x</b>` : 'a  b'}</p><i>${'}'}</i>`");
  });

  it('keeps one space for a line break between words or expressions, and none before a tag’s closing bracket', () => {
    const source = 'html`<button\n  type="button"\n  @click=${f}\n>\n  one\n  two ${a}\n  ${b}</button>`';
    expect(minifyTemplates(source)).toBe(
      'html`<button type="button" @click=${f}>one two ${a} ${b}</button>`',
    );
  });

  it('leaves other template literals, strings and comments alone', () => {
    const source = "const a = `line\n  two`; // html`\nconst b = 'css`';\n/* css` */";
    expect(minifyTemplates(source)).toBe(source);
  });
});
