import { GraphQLError } from 'graphql';

const PREFIX = 'search:';

/** Opaque search cursor: an offset into the ranked ids the query tier holds for this query. */
export function encodeSearchCursor(offset: number): string {
  return Buffer.from(`${PREFIX}${offset}`, 'utf8').toString('base64url');
}

/** The offset a cursor points at, or a BAD_USER_INPUT error a partner can act on. */
export function decodeSearchCursor(cursor: string): number {
  const text = cursor.length <= 64 ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const offset = text.startsWith(PREFIX) ? Number(text.slice(PREFIX.length)) : Number.NaN;
  if (!Number.isSafeInteger(offset) || offset < 0 || encodeSearchCursor(offset) !== cursor) {
    throw new GraphQLError('after is not a cursor from this search: pass an endCursor from a previous page', {
      extensions: { code: 'BAD_USER_INPUT', argumentName: 'after' },
    });
  }
  return offset;
}
