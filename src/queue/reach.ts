/**
 * Reaching Redis: the driver retries a refused connection forever (right for a running worker, which must
 * survive a Redis restart), so a first connection is given a deadline and a wrong URL fails with a message
 * instead of hanging.
 */

/** How long a client or worker waits for its first connection. */
export const CONNECT_TIMEOUT_MS = 10_000;

export async function reach<T>(ready: Promise<T>, url: string, timeoutMs = CONNECT_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Cannot reach Redis at ${url} within ${timeoutMs / 1000} s (is redis-server running there?)`)), timeoutMs);
  });
  try {
    return await Promise.race([ready, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The URL of a connection, for messages (BullMQ's options: host and port). */
export function describeConnection(connection: unknown): string {
  if (typeof connection === 'string') return connection;
  const c = connection as { url?: string; host?: string; port?: number } | null;
  return c?.url ?? `${c?.host ?? '127.0.0.1'}:${c?.port ?? 6379}`;
}
