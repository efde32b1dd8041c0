/**
 * HTML escaping for the server-rendered pages (hosted payment page, example shop). Everything a merchant or a
 * buyer provided passes through `esc` before it reaches a page, in text and in attribute values alike.
 */
export const esc = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
