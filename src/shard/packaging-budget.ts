// The refusal when the LifeTime packaging budget cannot give every shard at least one request.
import { UsageError } from '../util/errors.js';

export function packagingBudgetError(budget: number, shards: number): UsageError {
  return new UsageError(
    `lifetime.maxConcurrentPackaging is ${budget}, fewer than the ${shards} shards: a shard would get no packaging request at all`,
    `raise lifetime.maxConcurrentPackaging to at least ${shards}, or plan fewer shards (--shards ${budget})`,
  );
}
