import { defineCollection } from 'astro/content/config';
import { docsLoader } from '@astrojs/starlight/loaders';
import { docsSchema } from '@astrojs/starlight/schema';

/** Starlight's `docs` collection: `site/content/docs/` (English) and `site/content/docs/es/` (Spanish). */
export const collections = {
  docs: defineCollection({ loader: docsLoader(), schema: docsSchema() }),
};
