/**
 * Allocator options for the embedded engine. chDB's jemalloc reads JE_MALLOC_CONF once, when
 * the native library first allocates, which is when the first embedded connection opens (the
 * binding loads lazily), so it can still be set from here. With jemalloc's defaults freed pages
 * stay resident for seconds: after a burst of window closes the process held 2.2 GB for 1,000
 * models, against 1.26 GB with pages returned at once (npm run bench:processor,
 * processor_memory_mb; see sql/README.md). Thread caches stay on: turning them off as well saved
 * little more and may slow chDB's allocations. An operator's own JE_MALLOC_CONF is left as it is.
 */
export const EMBEDDED_MALLOC_CONF = 'dirty_decay_ms:0,muzzy_decay_ms:0';

/** Sets JE_MALLOC_CONF unless the environment already has one; returns the value in force. */
export function configureEmbeddedAllocator(env: NodeJS.ProcessEnv = process.env): string {
  const current = env.JE_MALLOC_CONF;
  if (current !== undefined && current !== '') return current;
  env.JE_MALLOC_CONF = EMBEDDED_MALLOC_CONF;
  return EMBEDDED_MALLOC_CONF;
}
