import { Worker } from 'node:worker_threads';
import type { RenderedPdf, TextDocument } from './pdf.ts';

/** A document to lay out on the render thread. */
export interface RenderRequest {
  id: number;
  doc: TextDocument;
  maxPages?: number;
}

/** The render thread's answer: the PDF (`null` past `maxPages`), or why it failed. */
export type RenderReply =
  { id: number; pdf: { bytes: Uint8Array; pages: number } | null } | { id: number; error: string };

let worker: Worker | undefined;
let nextId = 0;
const waiting = new Map<number, { resolve: (pdf: RenderedPdf | null) => void; reject: (e: Error) => void }>();

function failAll(error: Error): void {
  worker = undefined;
  for (const { reject } of waiting.values()) reject(error);
  waiting.clear();
}

function thread(): Worker {
  if (worker) return worker;
  const started = new Worker(new URL('./render-worker.ts', import.meta.url));
  started.unref();
  started.on('message', (reply: RenderReply) => {
    const waiter = waiting.get(reply.id);
    waiting.delete(reply.id);
    if (waiting.size === 0) started.unref();
    if (!waiter) return;
    if ('error' in reply) waiter.reject(new Error(`rendering evidence failed: ${reply.error}`));
    else {
      const pdf = reply.pdf;
      waiter.resolve(
        pdf && {
          bytes: Buffer.from(pdf.bytes.buffer, pdf.bytes.byteOffset, pdf.bytes.byteLength),
          pages: pdf.pages,
        },
      );
    }
  });
  started.on('error', (error) => failAll(error));
  started.on('exit', (code) => {
    if (worker === started) failAll(new Error(`the evidence render thread exited (${code})`));
  });
  worker = started;
  return started;
}

/**
 * `renderPdf` on a thread of its own, so that laying out a long document (up to fifty pages, a few hundred
 * milliseconds while the font warms up after a start) never holds up the event loop. One thread per process,
 * started on first use; it keeps the process alive only while a render is in flight. A thread that dies fails
 * the renders in flight (the casework retries the dispute) and is replaced on the next render.
 */
export function renderOffThread(
  doc: TextDocument,
  options: { maxPages?: number } = {},
): Promise<RenderedPdf | null> {
  const w = thread();
  const id = nextId++;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    w.ref();
    const request: RenderRequest = {
      id,
      doc,
      ...(options.maxPages === undefined ? {} : { maxPages: options.maxPages }),
    };
    w.postMessage(request);
  });
}
