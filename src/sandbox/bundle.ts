// Builds the script that runs inside every isolate: the tensor runtime, the operator helpers and
// the call shim (isolate-entry.ts), bundled by esbuild into one IIFE. Built on first use and
// cached under node_modules/.cache/backstep; rebuilt when any bundled source file changes.
import {mkdirSync, readFileSync, statSync, writeFileSync, renameSync} from "node:fs";
import {dirname, join, resolve} from "node:path";
import {fileURLToPath} from "node:url";

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const entry = join(projectRoot, "src/sandbox/isolate-entry.ts");
const cacheDir = join(projectRoot, "node_modules/.cache/backstep");

interface Manifest {
  inputs: Record<string, string>;
  code: string;
}

function fingerprint(path: string): string {
  try {
    const s = statSync(path);
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return "missing";
  }
}

/** Returns the isolate script, building it when the cache is missing or stale. */
export async function loadSandboxBundle(): Promise<string> {
  const manifestPath = join(cacheDir, "sandbox-bundle.json");
  try {
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as Manifest;
    const fresh = Object.entries(manifest.inputs).every(([p, f]) => fingerprint(join(projectRoot, p)) === f);
    if (fresh) return manifest.code;
  } catch {
    // no cache yet
  }
  const {build} = await import("esbuild");
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: "iife",
    platform: "neutral",
    target: "es2022",
    metafile: true,
    logLevel: "silent",
    legalComments: "none",
    absWorkingDir: projectRoot
  });
  const code = result.outputFiles[0].text;
  const inputs: Record<string, string> = {};
  for (const p of Object.keys(result.metafile.inputs)) inputs[p] = fingerprint(join(projectRoot, p));
  try {
    mkdirSync(cacheDir, {recursive: true});
    const tmp = `${manifestPath}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({inputs, code} satisfies Manifest));
    renameSync(tmp, manifestPath); // atomic: parallel runs never read half a file
  } catch {
    // A read-only node_modules only costs a rebuild next time.
  }
  return code;
}
