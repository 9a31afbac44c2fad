import type { Cluster } from 'ioredis';

/**
 * Redis Cluster hash slots, so a batch of keys can be split into one pipeline per node.
 * ioredis rejects a pipeline whose keys live on different nodes ("All keys in the
 * pipeline should belong to the same slots allocation group"), so we group first.
 */

const SLOT_COUNT = 16384;

// CRC16-CCITT (XMODEM), the checksum Redis Cluster uses for key slots.
const TABLE = (() => {
  const table = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    let crc = i << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    table[i] = crc;
  }
  return table;
})();

function crc16(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) crc = ((crc << 8) & 0xffff) ^ TABLE[((crc >> 8) ^ byte) & 0xff]!;
  return crc;
}

/** The hash slot of a key, honouring a `{hash tag}` as Redis does. */
export function keySlot(key: string): number {
  const open = key.indexOf('{');
  if (open !== -1) {
    const close = key.indexOf('}', open + 1);
    if (close > open + 1) key = key.slice(open + 1, close);
  }
  return crc16(Buffer.from(key, 'utf8')) % SLOT_COUNT;
}

/**
 * Indexes of `keys` grouped by the set of nodes serving their slot (what ioredis accepts
 * in one pipeline). Before the slot map is known every key gets its own group, which is
 * always valid, only slower.
 */
export function groupKeysByNode(cluster: Cluster, keys: readonly string[]): number[][] {
  const groups = new Map<string, number[]>();
  keys.forEach((key, i) => {
    const nodes = cluster.slots[keySlot(key)];
    const group = nodes && nodes.length > 0 ? nodes.join(';') : `key:${i}`;
    const list = groups.get(group);
    if (list) list.push(i);
    else groups.set(group, [i]);
  });
  return [...groups.values()];
}
