// The grading core has one front door (src/grader/index.ts; src/grader/realm.ts for code that runs inside
// the isolate), and the page's path and `backstep grade`'s path reach the same learner-call module.
import {describe, expect, it} from "vitest";
import {readdirSync, readFileSync, statSync} from "node:fs";
import {dirname, join, relative, resolve} from "node:path";
import {loadSandboxBundle} from "../../../src/sandbox/bundle.ts";

const root = resolve(import.meta.dirname, "../../..");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(name) ? [path] : [];
  });
}

/** Every relative import of a file, resolved to a path relative to the project. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/(?:from|import)\s*\(?\s*["'](\.[^"']+)["']/g)].map((m) => relative(root, resolve(dirname(file), m[1])));
}

describe("the grader's front door", () => {
  it("nothing outside src/grader imports a grader module other than index.ts (realm.ts only from the isolate entry)", () => {
    const offenders: string[] = [];
    for (const dir of ["src", "content", "bench"]) {
      for (const file of sourceFiles(join(root, dir))) {
        const from = relative(root, file);
        if (from.startsWith("src/grader/")) continue;
        for (const target of importsOf(file)) {
          if (!target.startsWith("src/grader/") || target === "src/grader/index.ts") continue;
          if (target === "src/grader/realm.ts" && from === "src/sandbox/isolate-entry.ts") continue;
          offenders.push(`${from} → ${target}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it("the page's compile and the isolate both call learner code through src/grader/learner.ts", async () => {
    expect(importsOf(join(root, "src/grader/compile.ts"))).toContain("src/grader/learner.ts");
    expect(importsOf(join(root, "src/grader/realm.ts"))).toContain("src/grader/learner.ts");
    expect(importsOf(join(root, "src/client/exercise/worker.ts"))).toContain("src/grader/index.ts");
    // The script every isolate runs is built from that same module (esbuild names each bundled file).
    const bundle = await loadSandboxBundle();
    expect(bundle).toMatch(/\/\/ src\/grader\/learner\.ts/);
    expect(bundle).toMatch(/function callLearner\(/);
    // …and not the compiler, which stays on the trusted side.
    expect(bundle).not.toMatch(/node_modules\/acorn\//);
  });
});
