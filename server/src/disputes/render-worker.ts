import { parentPort } from 'node:worker_threads';
import { renderPdf } from './pdf.ts';
import type { RenderReply, RenderRequest } from './render-thread.ts';

/** The thread that lays evidence documents out (`render-thread.ts`): one request at a time, in order. */
parentPort?.on('message', ({ id, doc, maxPages }: RenderRequest) => {
  let reply: RenderReply;
  try {
    const pdf = renderPdf(doc, maxPages === undefined ? {} : { maxPages });
    reply = { id, pdf: pdf && { bytes: new Uint8Array(pdf.bytes), pages: pdf.pages } };
  } catch (error) {
    reply = { id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(reply);
});
