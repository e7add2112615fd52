import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ERROR_CATALOGUE, isVigilError, VigilError, type ErrorCode } from '../shared/errors.js';

/** The one error body of the API. */
export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.string().describe('A code from the error catalogue (docs/errors.md)'),
      message: z.string(),
      details: z.record(z.string(), z.unknown()).optional(),
      requestId: z.string(),
    }),
  })
  .meta({ id: 'Error' });

export type ErrorBody = z.infer<typeof errorBodySchema>;

interface Mapped {
  readonly status: number;
  readonly code: ErrorCode;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
  /** Server faults are logged with their cause; client faults are not worth an error log. */
  readonly serverFault: boolean;
}

function fromValidation(validation: readonly { instancePath: string; message?: string | undefined }[], validationContext: string | undefined): Mapped {
  const context = validationContext ?? 'request';
  const issues = validation.map((issue) => ({ field: `${context}${issue.instancePath}`, message: issue.message ?? 'invalid' }));
  const first = issues[0] ?? { field: context, message: 'invalid' };
  return { status: 400, code: 'VALIDATION_FAILED', message: `${first.field}: ${first.message}`, details: { field: first.field, issues }, serverFault: false };
}

function fromVigil(error: VigilError): Mapped {
  const status = error.httpStatus;
  if (status >= 500) {
    // A store or internal failure: say which kind, never the internal message.
    const code: ErrorCode = status === 503 ? error.code : 'INTERNAL';
    return { status, code, message: ERROR_CATALOGUE[code].message, serverFault: true };
  }
  return { status, code: error.code, message: error.message, ...(error.detail === undefined ? {} : { details: error.detail }), serverFault: false };
}

/** Fastify's own client errors (bad JSON, body too large, wrong content type) keep their status. */
function fromFastify(error: FastifyError): Mapped | undefined {
  const status = error.statusCode;
  if (status === undefined || status < 400 || status >= 500) return undefined;
  if (status === 413) return { status, code: 'PAYLOAD_TOO_LARGE', message: ERROR_CATALOGUE.PAYLOAD_TOO_LARGE.message, serverFault: false };
  if (status === 404) return { status, code: 'NOT_FOUND', message: ERROR_CATALOGUE.NOT_FOUND.message, serverFault: false };
  return { status, code: 'VALIDATION_FAILED', message: `${ERROR_CATALOGUE.VALIDATION_FAILED.message}: ${error.message}`, serverFault: false };
}

export function mapError(error: unknown): Mapped {
  if (isVigilError(error)) return fromVigil(error);
  // The library's guards use `in`, which throws on primitives: check for an object first.
  if (typeof error !== 'object' || error === null) return { status: 500, code: 'INTERNAL', message: ERROR_CATALOGUE.INTERNAL.message, serverFault: true };
  if (hasZodFastifySchemaValidationErrors(error)) return fromValidation(error.validation, error.validationContext);
  if (!isResponseSerializationError(error) && 'statusCode' in error) {
    const mapped = fromFastify(error as FastifyError);
    if (mapped !== undefined) return mapped;
  }
  return { status: 500, code: 'INTERNAL', message: ERROR_CATALOGUE.INTERNAL.message, serverFault: true };
}

export function errorBody(requestId: string, mapped: Pick<Mapped, 'code' | 'message' | 'details'>): ErrorBody {
  return { error: { code: mapped.code, message: mapped.message, ...(mapped.details === undefined ? {} : { details: { ...mapped.details } }), requestId } };
}

/** The app's error handler: every failure leaves as the catalogue's status and error body. */
export async function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const mapped = mapError(error);
  if (mapped.serverFault) request.log.error({ err: error, requestId: request.id }, 'request failed');
  if (mapped.code === 'RATE_LIMITED' && isVigilError(error)) {
    const retryAfter = error.detail?.['retryAfterSeconds'];
    if (typeof retryAfter === 'number') void reply.header('retry-after', String(Math.ceil(retryAfter)));
  }
  await reply.status(mapped.status).type('application/json; charset=utf-8').send(JSON.stringify(errorBody(request.id, mapped)));
}
