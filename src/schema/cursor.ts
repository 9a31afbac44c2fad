import { GraphQLError } from 'graphql';

const PREFIX = 'search';

/**
 * Opaque search cursor: an offset into the ranked ids of one search, tied to that search's
 * key so a cursor from another search is refused instead of silently paging the wrong list.
 */
export function encodeSearchCursor(searchKey: string, offset: number): string {
  return Buffer.from(`${PREFIX}:${searchKey.slice(0, 12)}:${offset}`, 'utf8').toString('base64url');
}

/** The offset a cursor points at in this search, or a BAD_USER_INPUT error a partner can act on. */
export function decodeSearchCursor(searchKey: string, cursor: string): number {
  const text = cursor.length <= 96 ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const [prefix, key, rawOffset] = text.split(':');
  const offset = Number(rawOffset);
  const valid =
    prefix === PREFIX &&
    key === searchKey.slice(0, 12) &&
    Number.isSafeInteger(offset) &&
    offset >= 0 &&
    encodeSearchCursor(searchKey, offset) === cursor;
  if (!valid) {
    throw new GraphQLError('after is not a cursor from this search: pass an endCursor from a previous page of the same query', {
      extensions: { code: 'BAD_USER_INPUT', argumentName: 'after' },
    });
  }
  return offset;
}
