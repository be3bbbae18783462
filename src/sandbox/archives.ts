// LMS bulk downloads arrive as one .zip: its submission files are extracted (yauzl, a maintained zip
// reader) into a private folder before grading, each entry checked on its own so a bad one costs one
// row, not the archive: paths that climb out (`../`), absolute paths and links are refused; a nested
// zip is not opened; an entry that inflates past the file limit, or an archive past the total limit
// (a zip bomb), is stopped while it inflates, whatever sizes its header claims.
import {createWriteStream, mkdirSync} from "node:fs";
import {dirname, join, posix} from "node:path";
import yauzl from "yauzl";
import type {FoundSubmission} from "./find-submissions.ts";

export interface ArchiveLimits {
  /** Largest uncompressed entry (the submission file limit). */
  maxEntryBytes: number;
  /** Largest total uncompressed size of one archive. */
  maxTotalBytes: number;
  /** Most entries read from one archive. */
  maxEntries: number;
}

const submissionFile = /\.m?js$/i;

/** Replaces every `.zip` in `found` by its submission entries (or a row saying why it could not be read). */
export async function expandArchives(found: FoundSubmission[], into: string, limits: ArchiveLimits): Promise<FoundSubmission[]> {
  const out: FoundSubmission[] = [];
  let n = 0;
  for (const entry of found) {
    if (entry.problem || !/\.zip$/i.test(entry.file)) {
      out.push(entry);
      continue;
    }
    const dir = join(into, `archive-${n++}`);
    mkdirSync(dir, {recursive: true});
    try {
      out.push(...(await readArchive(entry, dir, limits)));
    } catch (e) {
      out.push({name: entry.name, file: entry.file, problem: `not a readable zip archive: ${(e as Error).message}`});
    }
  }
  return out;
}

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    // decodeStrings: false — yauzl would reject the whole archive for one bad name; each name is checked here.
    yauzl.open(file, {lazyEntries: true, decodeStrings: false, validateEntrySizes: true, strictFileNames: false}, (err, zip) => (err || !zip ? reject(err ?? new Error("cannot open")) : resolve(zip)));
  });
}

/** A problem with an entry's name, or null when it is a safe relative path. */
function unsafeName(name: string): string | null {
  if (name.includes("\0")) return "a name with a NUL byte";
  if (name.startsWith("/") || /^[A-Za-z]:/.test(name) || name.includes("\\")) return "an absolute path";
  if (name.split("/").includes("..")) return "a path that climbs out of the archive (..)";
  return null;
}

async function readArchive(archive: FoundSubmission, dir: string, limits: ArchiveLimits): Promise<FoundSubmission[]> {
  const zip = await openZip(archive.file);
  const rows: FoundSubmission[] = [];
  let total = 0, entries = 0;
  return new Promise((resolve, reject) => {
    const done = () => {
      zip.close();
      resolve(rows);
    };
    zip.on("error", reject);
    zip.on("end", done);
    zip.on("entry", (entry: yauzl.Entry) => {
      const name = Buffer.isBuffer(entry.fileName) ? (entry.fileName as unknown as Buffer).toString("utf8") : String(entry.fileName);
      const shown = `${archive.name}/${name}`;
      const next = () => zip.readEntry();
      if (++entries > limits.maxEntries) {
        rows.push({name: archive.name, file: archive.file, problem: `the archive has more than ${limits.maxEntries} entries; the rest were not read`});
        done();
        return;
      }
      if (name.endsWith("/")) return next(); // a folder
      const unsafe = unsafeName(name);
      const mode = (entry.externalFileAttributes >>> 16) & 0o170000;
      if (unsafe) {
        rows.push({name: shown, file: archive.file, problem: `refused: ${unsafe}`});
        return next();
      }
      if (mode === 0o120000) {
        rows.push({name: shown, file: archive.file, problem: "refused: a symbolic link inside the archive"});
        return next();
      }
      if (/\.zip$/i.test(name)) {
        rows.push({name: shown, file: archive.file, problem: "a zip inside the zip: not opened (upload the files themselves)"});
        return next();
      }
      if (!submissionFile.test(posix.basename(name)) || posix.basename(name).startsWith(".") || name.startsWith("__MACOSX/")) return next();
      if (entry.uncompressedSize > limits.maxEntryBytes) {
        rows.push({name: shown, file: archive.file, problem: `file is too large: ${entry.uncompressedSize} bytes uncompressed (limit ${limits.maxEntryBytes})`});
        return next();
      }
      zip.openReadStream(entry, (err, stream) => {
        if (err || !stream) {
          rows.push({name: shown, file: archive.file, problem: `cannot read this entry: ${err?.message ?? "no data"}`});
          return next();
        }
        const target = join(dir, String(rows.length).padStart(5, "0") + "_" + posix.basename(name));
        mkdirSync(dirname(target), {recursive: true});
        const file = createWriteStream(target);
        let size = 0, stopped = false;
        stream.on("data", (chunk: Buffer) => {
          size += chunk.length;
          total += chunk.length;
          if (!stopped && (size > limits.maxEntryBytes || total > limits.maxTotalBytes)) {
            stopped = true;
            stream.destroy();
            file.destroy();
            rows.push({name: shown, file: archive.file, problem: size > limits.maxEntryBytes
              ? `refused: inflates past ${limits.maxEntryBytes} bytes (a zip bomb?)`
              : `refused: the archive inflates past ${limits.maxTotalBytes} bytes in all (a zip bomb?)`});
            next();
          }
        });
        stream.on("error", (e) => {
          if (stopped) return;
          stopped = true;
          file.destroy();
          rows.push({name: shown, file: archive.file, problem: `cannot read this entry: ${e.message}`});
          next();
        });
        stream.pipe(file);
        file.on("finish", () => {
          if (stopped) return;
          rows.push({name: shown, file: target});
          next();
        });
      });
    });
    zip.readEntry();
  });
}
