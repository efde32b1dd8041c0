import { z } from 'zod';
import { PAGE_LOCALES } from './messages.ts';

/** The hosted page's query (`/pay/:id?lang=de`): the language the buyer picked with the page's switch. */
export const payPageQuerySchema = z.object({
  lang: z
    .enum(PAGE_LOCALES)
    .optional()
    .describe(
      'The page and widget language, picked with the page’s language links. Without it (or with another ' +
        'value) the page takes the best of the browser’s Accept-Language among the eight, else English.',
    ),
});
