import { v7 as uuidv7, validate, version } from 'uuid';
import { InvalidModelIdError } from './errors.js';

/**
 * A new model id: a UUID version 7, whose leading bits are the creation time, so that keys
 * list in creation order in every store (S3 lists keys lexicographically).
 */
export function newModelId(): string {
  return uuidv7();
}

/** Whether `text` is a model id this service could have issued (lower-case UUIDv7). */
export function isModelId(text: string): boolean {
  return text.length === 36 && text === text.toLowerCase() && validate(text) && version(text) === 7;
}

/** Returns the id unchanged, or throws `InvalidModelIdError` before it reaches a path or a key. */
export function assertModelId(text: string): string {
  if (!isModelId(text)) throw new InvalidModelIdError(text);
  return text;
}
