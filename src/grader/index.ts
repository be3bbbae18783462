// The grading core. Pure: no DOM, no node: imports, no globals beyond the ECMAScript built-ins, so it
// runs in the page, in a Worker, in Node and inside an isolated-vm isolate. The runtime (np, nn) is
// passed in by the caller.
export type * from "./types.ts";
export {type Dense, toDense, makeDense, isDense, compareDense, formatShape, formatNumber} from "./dense.ts";
export {prepareTrials, prepareTrial, runForward, type PreparedTrial, type PreparedMutant, type PrepareOptions} from "./prepare.ts";
export {gradeExercise, gradeTrial, summarize, isUntouched, notAttempted, learnerValues, defaultTol} from "./grade.ts";
export {gradedReturns} from "./returns.ts";
export {callLearner, createObserver, reviveArgs, denseToTensor, plainReturn, errorLine, type Observer} from "./learner.ts";
export {diagnoseStep, shapeMistake} from "./diagnose.ts";
export {formatReport, formatStep, hintsToShow} from "./format.ts";
export {buildSubmission, parseSubmission, type Submission, type SubmissionEntry} from "./submission.ts";
