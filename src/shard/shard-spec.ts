// `--shard I/N`: parsed and checked (1 <= I <= N <= MAX_SHARDS), refused with exit 2 otherwise.
import { UsageError } from '../util/errors.js';
import { MAX_SHARDS, type ShardSpec } from '../model/shard.js';

export function parseShard(value: string): ShardSpec {
  const m = /^(\d{1,4})\/(\d{1,4})$/.exec(value.trim());
  const hint = `give --shard I/N with whole numbers 1 <= I <= N <= ${MAX_SHARDS}, as \`ossast plan\` prints them (e.g. --shard 2/3)`;
  if (!m) throw new UsageError(`--shard: expected I/N, received "${value}"`, hint);
  const index = Number(m[1]);
  const total = Number(m[2]);
  if (total < 1 || total > MAX_SHARDS) throw new UsageError(`--shard ${value}: N must be between 1 and ${MAX_SHARDS}, received ${total}`, hint);
  if (index < 1 || index > total) throw new UsageError(`--shard ${value}: I must be between 1 and N (${total}), received ${index}`, hint);
  return { index, total };
}
