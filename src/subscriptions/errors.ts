/**
 * A caller's mistake or a feature that is off, said plainly. Services throw it; the schema turns
 * it into a GraphQL error with the same code (services know nothing of GraphQL).
 */
export type InputErrorCode = 'BAD_USER_INPUT' | 'NOT_FOUND' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'SERVICE_UNAVAILABLE';

export class InputError extends Error {
  override name = 'InputError';
  constructor(
    readonly code: InputErrorCode,
    message: string,
  ) {
    super(message);
  }
}
