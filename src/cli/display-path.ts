// How the CLI names a file in its messages.
import {relative} from "node:path";

/** Paths under the working directory print relative (as editors like), others as given. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith("..") ? rel : path;
}
