import { describe, expect, it } from 'vitest';
import { configureEmbeddedAllocator, EMBEDDED_MALLOC_CONF } from './embedded-allocator.js';

describe('configureEmbeddedAllocator', () => {
  it('sets the allocator options when the environment has none', () => {
    const env: NodeJS.ProcessEnv = {};
    expect(configureEmbeddedAllocator(env)).toBe(EMBEDDED_MALLOC_CONF);
    expect(env.JE_MALLOC_CONF).toBe(EMBEDDED_MALLOC_CONF);
  });

  it("keeps an operator's own options", () => {
    const env: NodeJS.ProcessEnv = { JE_MALLOC_CONF: 'background_thread:true' };
    expect(configureEmbeddedAllocator(env)).toBe('background_thread:true');
    expect(env.JE_MALLOC_CONF).toBe('background_thread:true');
  });

  it('treats an empty value as unset', () => {
    const env: NodeJS.ProcessEnv = { JE_MALLOC_CONF: '' };
    expect(configureEmbeddedAllocator(env)).toBe(EMBEDDED_MALLOC_CONF);
  });
});
