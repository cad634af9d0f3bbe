import { GraphQLError } from 'graphql';
import { ErrorCode, isModelId } from '../service/index.js';

const PREFIX = 'model:';

/** An opaque connection cursor for a model id. */
export function encodeCursor(modelId: string): string {
  return Buffer.from(`${PREFIX}${modelId}`, 'utf8').toString('base64url');
}

/** The model id behind a cursor; a cursor this service did not issue is a user error. */
export function decodeCursor(cursor: string): string {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const id = text.startsWith(PREFIX) ? text.slice(PREFIX.length) : '';
  if (!isModelId(id)) {
    throw new GraphQLError(`"after" is not a cursor this service issued: ${JSON.stringify(cursor.slice(0, 80))}`, {
      extensions: { code: ErrorCode.BAD_USER_INPUT, reason: 'INVALID_CURSOR' },
    });
  }
  return id;
}
