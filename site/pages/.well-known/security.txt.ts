import type { APIRoute } from 'astro';
import { securityTxt } from '../../lib/security-txt.ts';

/** RFC 9116 security.txt, built as a static file. */
export const GET: APIRoute = () =>
  new Response(securityTxt(), { headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
