// Public API of the sandbox (Node only): grade untrusted submission files in isolated-vm
// isolates inside a pool of child processes.
export {gradeAll, killAllChildren, type PoolOptions} from "./pool.ts";
export {findSubmissions, type FoundSubmission} from "./find-submissions.ts";
export {loadCatalog} from "./catalog.ts";
export {loadSandboxBundle} from "./bundle.ts";
export type {GradeJob} from "./run-submission.ts";
export type {SandboxExercise} from "./exercises.ts";
export {defaultLimits} from "./types.ts";
export type * from "./types.ts";
