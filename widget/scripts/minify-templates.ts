import type { Plugin } from 'vite';

/** Collapses the whitespace of one literal chunk of a `css` or `html` template (`whole`: no expressions). */
function squeeze(tag: string, text: string, whole: boolean): string {
  if (tag === 'css') {
    // Only rewrites that keep the meaning of any CSS: no `;` before `}`, quotes only around attribute values
    // that are plain identifiers, no leading zero, no space before `!important` or around `*` after a `)` (in
    // `calc()`, where it is multiplication).
    const squeezed = text
      .replace(/\s+/g, ' ')
      .replace(/ ?([{};,]) ?/g, '$1')
      .replace(/: /g, ':')
      .replace(/;}/g, '}')
      .replace(/\[([\w-]+[~|^$*]?=)'([a-z][\w-]*)'\]/gi, '[$1$2]')
      .replace(/([^\w.])0\.(\d)/g, '$1.$2')
      .replace(/ !important/g, '!important')
      .replace(/\) \* /g, ')*');
    return whole ? squeezed.trim() : squeezed;
  }
  // As JSX does: a line break with its indentation next to a tag's bracket is only layout of the source, so it
  // goes; any other line break becomes one space (it may separate words).
  return text
    .replace(/\s*\n\s*([<>])/g, '$1')
    .replace(/>\s*\n\s*/g, '>')
    .replace(/\s*\n\s*/g, ' ')
    .replace(/> </g, '><');
}

/**
 * Rewrites the literal parts of Lit's tagged templates (`css\`…\``, `html\`…\``) in `code`, collapsing
 * indentation and line breaks that Lit would otherwise ship and parse. Expressions inside `${…}` are kept as
 * they are, except nested tagged templates, which are squeezed too. Strings and comments are skipped.
 */
export function minifyTemplates(code: string): string {
  let out = '';
  let i = 0;
  const copyUntilTemplateEnd = (tag: string | null): void => {
    // i points just after the opening backtick.
    let chunk = '';
    let whole = true;
    const flush = () => {
      out += tag ? squeeze(tag, chunk, whole) : chunk;
      chunk = '';
    };
    while (i < code.length) {
      const c = code.charAt(i);
      if (c === '\\') {
        chunk += code.slice(i, i + 2);
        i += 2;
      } else if (c === '`') {
        flush();
        out += '`';
        i++;
        return;
      } else if (c === '$' && code[i + 1] === '{') {
        whole = false;
        flush();
        out += '${';
        i += 2;
        copyCode(1);
      } else {
        chunk += c;
        i++;
      }
    }
    flush();
  };
  const copyCode = (depth: number): void => {
    while (i < code.length) {
      const c = code.charAt(i);
      if (c === "'" || c === '"') {
        const end = code.indexOf(c, i + 1);
        let j = i + 1;
        while (j < code.length && code[j] !== c) j += code[j] === '\\' ? 2 : 1;
        out += code.slice(i, j + 1);
        i = j + 1;
        void end;
      } else if (c === '/' && code[i + 1] === '/') {
        const end = code.indexOf('\n', i);
        out += code.slice(i, end < 0 ? code.length : end);
        i = end < 0 ? code.length : end;
      } else if (c === '/' && code[i + 1] === '*') {
        const end = code.indexOf('*/', i + 2) + 2;
        out += code.slice(i, end);
        i = end;
      } else if (c === '`') {
        const tag = /\b(css|html)$/.exec(code.slice(Math.max(0, i - 4), i))?.[1] ?? null;
        out += '`';
        i++;
        copyUntilTemplateEnd(tag);
      } else if (c === '{') {
        depth++;
        out += c;
        i++;
      } else if (c === '}') {
        out += c;
        i++;
        if (--depth === 0) return;
      } else {
        out += c;
        i++;
      }
    }
  };
  copyCode(Number.POSITIVE_INFINITY);
  return out;
}

/** Vite plugin: {@link minifyTemplates} on the widget's own TypeScript sources. */
export function minifyTemplatesPlugin(): Plugin {
  return {
    name: 'cargopay-minify-templates',
    enforce: 'pre',
    transform(code, id) {
      if (!/\/widget\/src\/.*\.ts$/.test(id) || !/(css|html)`/.test(code)) return null;
      return { code: minifyTemplates(code), map: null };
    },
  };
}
