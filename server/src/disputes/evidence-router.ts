import express, { Router, type RequestHandler } from 'express';
import type { AppContext } from '../context.ts';
import { ProblemError } from '../http/problems.ts';
import { parse } from '../http/validate.ts';
import { currentMerchant } from '../merchants/auth.ts';
import { idParamsSchema } from '../payment-requests/schema.ts';
import { getOwnPaymentRequest } from '../payment-requests/service.ts';
import { MAX_EVIDENCE_FILE_BYTES } from './limits.ts';
import { countPages, sniffType } from './magic.ts';
import { messageSchema, requestPoliciesSchema, shipmentSchema } from './schema.ts';

/**
 * Delivery evidence for one payment request (merchant key), mounted under `/v1/payment-requests`: the
 * shipment, signed proofs of delivery, the communication log and per-request policy overrides. `json` parses
 * JSON bodies; proof-of-delivery uploads take the file's raw bytes instead.
 */
export function evidenceRouter(ctx: AppContext, json: RequestHandler[]): Router {
  const router = Router();
  const repo = ctx.store.disputes;
  const own = async (params: unknown, res: express.Response) => {
    const { id } = parse(idParamsSchema, params, 'path');
    return getOwnPaymentRequest(ctx.store, currentMerchant(res), id);
  };

  router.get('/:id/evidence', async (req, res) => {
    const pr = await own(req.params, res);
    res.json(await presentEvidence(ctx, pr.id));
  });

  router.post('/:id/shipment', ...json, async (req, res) => {
    const pr = await own(req.params, res);
    const shipment = parse(shipmentSchema, req.body);
    await repo.saveShipment(pr.id, shipment, ctx.now().toISOString());
    res.json(await presentEvidence(ctx, pr.id));
  });

  router.post('/:id/messages', ...json, async (req, res) => {
    const pr = await own(req.params, res);
    const message = parse(messageSchema, req.body);
    const stored = await repo.addMessage(pr.id, message, ctx.now().toISOString());
    res.status(201).json({ object: 'message', id: stored.id, ...message });
  });

  router.post('/:id/policies', ...json, async (req, res) => {
    const pr = await own(req.params, res);
    const patch = parse(requestPoliciesSchema, req.body);
    await repo.savePolicies(pr.id, { ...(await repo.policies(pr.id)), ...patch }, ctx.now().toISOString());
    res.json(await presentEvidence(ctx, pr.id));
  });

  router.post(
    '/:id/proof-of-delivery',
    express.raw({ type: () => true, limit: MAX_EVIDENCE_FILE_BYTES }),
    async (req, res) => {
      const pr = await own(req.params, res);
      const bytes: unknown = req.body;
      if (!Buffer.isBuffer(bytes) || bytes.length === 0) {
        throw new ProblemError('evidence-file-invalid', {
          detail: 'Send the file’s bytes as the request body.',
        });
      }
      const type = sniffType(bytes);
      if (!type) {
        throw new ProblemError('evidence-file-invalid', {
          detail: 'A proof of delivery must be a PDF, PNG or JPEG file (recognised from its content).',
        });
      }
      const stored = await repo.addFile(
        pr.id,
        'proof_of_delivery',
        type,
        bytes,
        countPages(bytes, type),
        ctx.now().toISOString(),
      );
      res.status(201).json({
        object: 'proof_of_delivery',
        id: stored.id,
        type: stored.type,
        size: stored.size,
        pages: stored.pages,
        created_at: stored.createdAt,
      });
    },
  );

  return router;
}

/** What is on file for a request (no file bytes; message texts are the merchant's own data). */
export async function presentEvidence(ctx: AppContext, prId: string) {
  const repo = ctx.store.disputes;
  return {
    object: 'delivery_evidence',
    payment_request: prId,
    shipment: await repo.shipment(prId),
    proofs_of_delivery: (await repo.files(prId, 'proof_of_delivery')).map((f) => ({
      id: f.id,
      type: f.type,
      size: f.size,
      pages: f.pages,
      created_at: f.createdAt,
    })),
    messages: (await repo.messages(prId)).map((m) => ({ object: 'message', ...m })),
    policies: await repo.policies(prId),
  };
}
