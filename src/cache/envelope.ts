// The envelope every cache entry starts with: the cache format's version, the entry's kind and its key (SHA-256).
import * as z from 'zod';
import { CACHE_VERSION } from './store.js';

export const envelope = <K extends string>(kind: K) => ({ ossastCache: z.literal(CACHE_VERSION), kind: z.literal(kind), key: z.string().regex(/^[0-9a-f]{64}$/) });
