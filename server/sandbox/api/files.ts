import type Stripe from 'stripe';
import type { RequestHandler } from 'express';
import { invalidRequest, missingParam, noSuch, StripeApiError } from './errors.ts';
import type { ApiContext } from './http.ts';
import { newId, nowSeconds } from './ids.ts';
import { countPages } from './dispute-evidence.ts';
import type { SandboxState } from './state.ts';
import { authenticate, secretKeyRequired } from './http.ts';

/** Largest dispute evidence file Stripe accepts. */
export const MAX_EVIDENCE_FILE_BYTES = 5 * 1024 * 1024;

function sniff(bytes: Uint8Array): 'pdf' | 'png' | 'jpg' | null {
  const b = Buffer.from(bytes.subarray(0, 8));
  if (b.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpg';
  return null;
}

const CONTENT_TYPES = { pdf: 'application/pdf', png: 'image/png', jpg: 'image/jpeg' } as const;

/**
 * `POST /v1/files`: a multipart upload (`purpose`, `file`), as the SDK sends it to Stripe's files host. Only
 * `dispute_evidence` is offered; PDF, JPEG and PNG up to 5 MB, recognised by their content, not their name.
 */
export async function createFileRoute(ctx: ApiContext): Promise<Stripe.File> {
  if (!ctx.contentType.startsWith('multipart/form-data')) {
    throw invalidRequest('File uploads must be sent as multipart/form-data.', { param: 'file' });
  }
  let form: FormData;
  try {
    form = await new Request('http://sandbox.invalid/v1/files', {
      method: 'POST',
      headers: { 'content-type': ctx.contentType },
      body: Uint8Array.from(ctx.raw),
    }).formData();
  } catch {
    throw invalidRequest('The multipart body could not be parsed.', { param: 'file' });
  }
  for (const key of form.keys()) {
    if (!['purpose', 'file', 'expand[]', 'expand[0]'].includes(key) && !key.startsWith('file_link_data')) {
      throw invalidRequest(`Received unknown parameter: ${key}`, { code: 'parameter_unknown', param: key });
    }
  }
  const purpose = form.get('purpose');
  if (purpose === null || purpose === '') throw missingParam('purpose');
  if (purpose !== 'dispute_evidence') {
    throw invalidRequest(
      `The purpose '${String(purpose)}' is not available in the offline sandbox; use dispute_evidence.`,
      {
        param: 'purpose',
      },
    );
  }
  const file = form.get('file');
  if (file === null || typeof file === 'string') throw missingParam('file');
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (bytes.byteLength === 0) throw invalidRequest('The file is empty.', { param: 'file' });
  if (bytes.byteLength > MAX_EVIDENCE_FILE_BYTES) {
    throw invalidRequest(
      `File size of ${bytes.byteLength} bytes exceeds the ${MAX_EVIDENCE_FILE_BYTES} byte limit for dispute_evidence.`,
      { param: 'file', code: 'file_too_large' },
    );
  }
  const type = sniff(bytes);
  if (!type) {
    throw invalidRequest('Invalid file: dispute_evidence accepts PDF, JPEG or PNG files.', {
      param: 'file',
      code: 'file_upload_invalid_file',
    });
  }
  const id = newId('file');
  const created = nowSeconds();
  const object: Stripe.File = {
    id,
    object: 'file',
    created,
    expires_at: created + 365 * 86_400,
    filename: file.name || `file.${type}`,
    links: { object: 'list', data: [], has_more: false, url: `/v1/file_links?file=${id}` },
    purpose: 'dispute_evidence',
    size: bytes.byteLength,
    title: null,
    type,
    url: `${ctx.state.baseUrl}/v1/files/${id}/contents`,
  };
  ctx.state.files.set(id, { object, bytes, pages: countPages(bytes, type) });
  ctx.state.track(id);
  return object;
}

/** `GET /v1/files/:id`. */
export function retrieveFileRoute(ctx: ApiContext): Stripe.File {
  const id = ctx.params.id as string;
  const record = ctx.state.files.get(id);
  if (!record) throw noSuch('file', id, 'file');
  return record.object;
}

/** `GET /v1/files/:id/contents`: the uploaded bytes (secret key), as Stripe's files host serves them. */
export function fileContentsHandler(state: SandboxState): RequestHandler {
  return (req, res) => {
    try {
      if (authenticate(req) !== 'secret') throw secretKeyRequired();
      const record = state.files.get(req.params.id as string);
      if (!record) throw noSuch('file', req.params.id as string, 'file');
      res.setHeader('Content-Type', CONTENT_TYPES[record.object.type as keyof typeof CONTENT_TYPES]);
      res.send(Buffer.from(record.bytes));
    } catch (error) {
      if (!(error instanceof StripeApiError)) throw error;
      res.status(error.status).json({ error: error.body });
    }
  };
}
