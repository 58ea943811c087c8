import type { Micros } from '../engine/time.js';
import type { OwnerKind, Pod, PodTemplate } from '../model/pod.js';

/** The pod object a controller posts to the API server from its template (the server assigns the uid). */
export function podFromTemplate(
  template: PodTemplate,
  identity: { namespace: string; name: string; owner: { kind: OwnerKind; key: string } },
  now: Micros,
): Omit<Pod, 'uid'> {
  return {
    namespace: identity.namespace,
    name: identity.name,
    labels: template.labels,
    ...(template.annotations ? { annotations: template.annotations } : {}),
    spec: template.spec,
    owner: identity.owner,
    phase: 'Pending',
    nodeName: template.spec.nodeName,
    ready: false,
    createdAt: now,
  };
}

// apimachinery util/rand: the alphabet of generated name suffixes (no vowels, no confusable digits).
const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** A random suffix of `length` characters, as apimachinery's rand.String, from a seeded draw. */
export function randomSuffix(next: () => number, length = 5): string {
  let s = '';
  for (let i = 0; i < length; i++) s += NAME_ALPHABET[Math.floor(next() * NAME_ALPHABET.length)];
  return s;
}

/** FNV-1a 32-bit hash encoded in the name alphabet: a stable stand-in for the pod-template-hash. */
export function templateHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  let s = '';
  for (let i = 0; i < 10; i++) {
    s += NAME_ALPHABET[h % NAME_ALPHABET.length];
    h = Math.floor(h / NAME_ALPHABET.length);
    if (h === 0) break;
  }
  return s;
}
