import type { AuditVerifyResult } from '@internal/plugin-audit-common';
import { chainHash, GENESIS_HASH, type ChainedFields } from './chainHash';

/** Where the chain starts after retention. */
export interface ChainAnchor {
  lastPrunedId: number;
  lastPrunedHash: string;
  prunedRows: number;
}

/**
 * Walks rows in id order and reports the first one that does not fit the
 * chain: a gap in ids (rows deleted), an id out of order (rows reordered), or
 * a hash that does not match the recomputed one (the row, or one before it
 * that was removed, was changed).
 */
export async function verifyChain(
  rows: AsyncIterable<ChainedFields & { hash: string }>,
  anchor: ChainAnchor | null,
): Promise<AuditVerifyResult> {
  let previousHash = anchor?.lastPrunedHash ?? GENESIS_HASH;
  let expectedId = (anchor?.lastPrunedId ?? 0) + 1;
  let checkedRows = 0;
  let firstId: number | null = null;
  let lastId: number | null = null;
  const result = (broken?: AuditVerifyResult['broken']): AuditVerifyResult => ({
    ok: !broken,
    checkedRows,
    firstId,
    lastId,
    headHash: lastId === null ? anchor?.lastPrunedHash ?? null : previousHash,
    anchor,
    ...(broken ? { broken } : {}),
  });

  for await (const row of rows) {
    if (firstId === null) firstId = row.id;
    if (row.id !== expectedId) {
      if (row.id < expectedId) {
        return result({
          id: row.id,
          reason: 'reordered',
          message: `row ${row.id} comes after row ${
            expectedId - 1
          }: rows were reordered or duplicated`,
        });
      }
      const anchorNote =
        checkedRows === 0 && anchor
          ? ` (retention's anchor says the chain continues at ${expectedId})`
          : '';
      return result({
        id: row.id,
        reason:
          checkedRows === 0 && anchor ? 'anchor-mismatch' : 'missing-rows',
        message:
          expectedId === row.id - 1
            ? `row ${expectedId} is missing before row ${row.id}: it was deleted${anchorNote}`
            : `rows ${expectedId} to ${row.id - 1} are missing before row ${
                row.id
              }: they were deleted${anchorNote}`,
      });
    }
    const expected = chainHash(previousHash, row);
    if (expected !== row.hash) {
      return result({
        id: row.id,
        reason: checkedRows === 0 && anchor ? 'anchor-mismatch' : 'changed',
        message: `row ${row.id} does not match its hash: the row was changed after it was written (or the row before it was replaced)`,
      });
    }
    previousHash = row.hash;
    lastId = row.id;
    expectedId = row.id + 1;
    checkedRows += 1;
  }
  return result();
}
