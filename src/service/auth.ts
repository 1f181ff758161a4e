/**
 * Bearer tokens: with a token configured, a request must carry `Authorization: Bearer <token>` (401
 * otherwise). The comparison is constant-time over SHA-256 digests: timingSafeEqual needs equal lengths, and
 * digests leak neither the token nor its length.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** Whether an Authorization header carries the token. */
export function tokenChecker(token: string): (header: string | undefined) => boolean {
  const expected = digest(token);
  return (header) => {
    const given = /^Bearer (.+)$/.exec(header ?? '')?.[1] ?? '';
    // Compared even when absent, so a missing header costs the same time as a wrong one.
    return timingSafeEqual(digest(given), expected) && given !== '';
  };
}
