/**
 * A value derived once per object (a pod's spec, its labels): pods of one workload share those
 * objects, so thousands of replicas cost one derivation. Owned by a plugin instance (never a module),
 * so runs in one process keep their own; entries go when their key object is collected.
 */
export class ObjectMemo<K extends object, V> {
  private readonly map = new WeakMap<K, V>();

  constructor(private readonly derive: (key: K) => V) {}

  get(key: K): V {
    let v = this.map.get(key);
    if (v === undefined) {
      v = this.derive(key);
      this.map.set(key, v);
    }
    return v;
  }
}
