// Grad mode: a single switch that ops consult before recording a graph node; and the exercise
// switch, under which asking for autograd at all is an error (learner code must write the backward
// pass, not obtain it from the runtime).
let enabled = true;
let forbidden = false;

export function isGradEnabled(): boolean {
  return enabled;
}

/** Runs `fn` without recording autograd nodes (restores the previous mode even if fn throws). */
export function noGrad<T>(fn: () => T): T {
  const prev = enabled;
  enabled = false;
  try {
    return fn();
  } finally {
    enabled = prev;
  }
}

/** Thrown when learner code asks for autograd inside an exercise. */
export class AutogradOffError extends Error {
  constructor(what: string) {
    super(`${what} is not available inside an exercise: autograd is switched off, so the gradients must come from your own backward pass`);
    this.name = "AutogradOffError";
  }
}

/**
 * Runs `fn` with autograd switched off *and* forbidden: nothing records, and `requiresGrad_()`,
 * `np.array(…, {requiresGrad: true})` and `backward()` throw AutogradOffError. nn ops still compute
 * their forward values (no node, so no gradient can be read from them).
 */
export function withoutAutograd<T>(fn: () => T): T {
  const prevEnabled = enabled, prevForbidden = forbidden;
  enabled = false;
  forbidden = true;
  try {
    return fn();
  } finally {
    enabled = prevEnabled;
    forbidden = prevForbidden;
  }
}

export function assertAutogradAllowed(what: string): void {
  if (forbidden) throw new AutogradOffError(what);
}
