/**
 * PreScore's rows of the feasible nodes' domain ids, one per constraint, reused from cycle to cycle:
 * allocating them (and the per-node ignored flags) per cycle was a tenth of PreScore at 10 000 nodes,
 * half of it garbage collection. The rows a state holds are valid until the next PreScore.
 */
export class DomainRows {
  private rows: Int32Array[] = [];

  /** `n` rows of at least `length` entries (contents left from earlier cycles). */
  take(n: number, length: number): Int32Array[] {
    const rows = this.rows;
    for (let i = 0; i < n; i++) {
      const row = rows[i];
      if (row === undefined || row.length < length)
        rows[i] = new Int32Array(Math.max(length, (row?.length ?? 0) * 2, 64));
    }
    return rows.slice(0, n);
  }
}
