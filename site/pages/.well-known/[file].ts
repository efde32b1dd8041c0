import type { APIRoute, GetStaticPaths } from 'astro';
import { securityTxt } from '../../lib/security-txt.ts';

/**
 * RFC 9116 security.txt, built as a static file, and only when the operator published a security contact:
 * a dynamic route, because a static endpoint would always write the file.
 */
export const getStaticPaths = (() => {
  const text = securityTxt();
  return text === null ? [] : [{ params: { file: 'security.txt' }, props: { text } }];
}) satisfies GetStaticPaths;

export const GET: APIRoute<{ text: string }> = ({ props }) =>
  new Response(props.text, { headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
