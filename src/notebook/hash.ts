// A short content hash (FNV-1a, 32 bits) that works in the browser without crypto: it only has to tell whether the
// authored source of a cell changed since a learner saved an edit.
export function hashSource(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; ++i) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, "0");
}
