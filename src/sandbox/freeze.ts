// Freezes a realm (runs inside the isolate, after the library is installed and before learner
// code): every intrinsic and every library object reachable from the global object becomes
// immutable, so `Math.random = …`, `Array.prototype.map = …` or `np.sum = …` throw instead of
// changing what the grader shim or the library computes.

// Hosts that let code escape limits or share memory are removed rather than frozen.
const removed = ["SharedArrayBuffer", "Atomics", "WebAssembly", "eval"];

// "Override mistake": once Error.prototype.name is frozen, `this.name = "ShapeError"` in a
// subclass constructor throws in strict code. Like SES's "moderate" taming, these properties
// become accessors whose setter defines an own property on the instance instead.
const overridable = ["constructor", "name", "message", "toString", "valueOf", "toJSON", "toLocaleString", "stack"];

/**
 * Allocations that V8 commits outside the isolate's limited ArrayBuffer allocator, so `--memory`
 * would not bound them: resizable ArrayBuffers (`new ArrayBuffer(n, {maxByteLength})` + `resize`,
 * and `transfer` to a larger length), and ICU-backed `Intl` objects. They are removed before the
 * realm is frozen; locale-aware string and number methods fall back to their plain versions.
 */
function closeOffHeapAllocations(global: Record<string, unknown>): void {
  const AB = ArrayBuffer;
  const proto = AB.prototype as unknown as Record<string, unknown>;
  for (const name of ["resize", "transfer", "transferToFixedLength"]) delete proto[name];
  const Plain = function ArrayBuffer(this: unknown, length: unknown, options?: unknown) {
    if (!new.target) throw new TypeError("Constructor ArrayBuffer requires 'new'");
    if (options !== undefined && options !== null && typeof options === "object" && "maxByteLength" in (options as object)) {
      throw new TypeError("resizable ArrayBuffers are not available in submissions");
    }
    return Reflect.construct(AB, [length], new.target);
  } as unknown as ArrayBufferConstructor;
  Object.defineProperty(Plain, "prototype", {value: AB.prototype});
  Object.defineProperty(Plain, "isView", {value: AB.isView});
  Object.defineProperty(proto, "constructor", {value: Plain, writable: true, configurable: true});
  global.ArrayBuffer = Plain;
  delete global.Intl;
  const plain = (target: object, name: string, fn: (this: never, ...a: never[]) => unknown) =>
    Object.defineProperty(target, name, {value: fn, writable: true, configurable: true, enumerable: false});
  plain(String.prototype, "localeCompare", function (this: string, that: unknown) {
    const a = String(this), b = String(that);
    return a < b ? -1 : a > b ? 1 : 0;
  });
  plain(String.prototype, "toLocaleUpperCase", function (this: string) { return String.prototype.toUpperCase.call(this); });
  plain(String.prototype, "toLocaleLowerCase", function (this: string) { return String.prototype.toLowerCase.call(this); });
  plain(Number.prototype, "toLocaleString", function (this: number) { return Number.prototype.toString.call(this); });
  plain(BigInt.prototype, "toLocaleString", function (this: bigint) { return BigInt.prototype.toString.call(this); });
  plain(Date.prototype, "toLocaleString", function (this: Date) { return Date.prototype.toString.call(this); });
  plain(Date.prototype, "toLocaleDateString", function (this: Date) { return Date.prototype.toDateString.call(this); });
  plain(Date.prototype, "toLocaleTimeString", function (this: Date) { return Date.prototype.toTimeString.call(this); });
}

export function freezeRealm(global: Record<string, unknown>): void {
  for (const name of removed) delete global[name];
  closeOffHeapAllocations(global);
  // The global object itself is not frozen (see the end), only what it holds.
  const seen = new Set<unknown>([global]);
  const queue: unknown[] = [];
  const enqueue = (v: unknown) => {
    if ((typeof v === "object" && v !== null) || typeof v === "function") {
      if (!seen.has(v)) {
        seen.add(v);
        queue.push(v);
      }
    }
  };
  for (const key of Reflect.ownKeys(global)) {
    const desc = Object.getOwnPropertyDescriptor(global, key);
    if (!desc) continue;
    enqueue(desc.value);
    enqueue(desc.get);
    enqueue(desc.set);
  }
  enqueue(Object.getPrototypeOf(global));
  // Intrinsics not reachable by name.
  enqueue(Object.getPrototypeOf(function* () {}));
  enqueue(Object.getPrototypeOf(async function () {}));
  enqueue(Object.getPrototypeOf(async function* () {}));
  enqueue(Object.getPrototypeOf(Uint8Array));
  enqueue(Object.getPrototypeOf([][Symbol.iterator]()));
  enqueue(Object.getPrototypeOf(new Map().entries()));
  enqueue(Object.getPrototypeOf(new Set().values()));
  enqueue(Object.getPrototypeOf(""[Symbol.iterator]()));
  enqueue(Object.getPrototypeOf(/x/[Symbol.matchAll]("")));

  while (queue.length) {
    const obj = queue.pop() as object;
    const isPrototype = typeof obj === "object" && typeof (obj as {constructor?: unknown}).constructor === "function" &&
      Object.prototype.hasOwnProperty.call(obj, "constructor");
    for (const key of Reflect.ownKeys(obj)) {
      const desc = Object.getOwnPropertyDescriptor(obj, key);
      if (!desc) continue;
      if (isPrototype && "value" in desc && typeof key === "string" && overridable.includes(key) && desc.configurable) {
        tameOverride(obj, key, desc.value);
      }
      enqueue(desc.value);
      enqueue(desc.get);
      enqueue(desc.set);
    }
    enqueue(Object.getPrototypeOf(obj));
    Object.freeze(obj);
  }
  // The global object itself stays extensible (module code may add globals), but the names the
  // grader relies on become read-only.
  for (const key of Reflect.ownKeys(global)) {
    const desc = Object.getOwnPropertyDescriptor(global, key);
    if (desc && desc.configurable) {
      Object.defineProperty(global, key, {...("value" in desc ? {value: desc.value, writable: false} : {get: desc.get, set: desc.set}), enumerable: desc.enumerable, configurable: false});
    }
  }
}

function tameOverride(obj: object, key: string, value: unknown): void {
  Object.defineProperty(obj, key, {
    get() {
      return value;
    },
    set(this: object, v: unknown) {
      if (this === obj) throw new TypeError(`Cannot assign to read only property '${key}'`);
      Object.defineProperty(this, key, {value: v, writable: true, enumerable: true, configurable: true});
    },
    enumerable: false,
    configurable: false
  });
}
