// Names every cell can read without them being another cell's variable: JavaScript and browser globals.
// Deliberately a fixed list (not `name in globalThis`), so compiling gives the same result in Node and the browser.
export const defaultGlobals = new Set([
  "globalThis", "window", "self", "document", "navigator", "location", "history", "console", "performance",
  "undefined", "NaN", "Infinity", "arguments", "eval", "isFinite", "isNaN", "parseFloat", "parseInt",
  "decodeURI", "decodeURIComponent", "encodeURI", "encodeURIComponent", "escape", "unescape",
  "Object", "Function", "Boolean", "Symbol", "Error", "AggregateError", "EvalError", "RangeError",
  "ReferenceError", "SyntaxError", "TypeError", "URIError", "Number", "BigInt", "Math", "Date", "String",
  "RegExp", "Array", "Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array", "Int32Array",
  "Uint32Array", "Float32Array", "Float64Array", "BigInt64Array", "BigUint64Array", "Map", "Set", "WeakMap",
  "WeakSet", "WeakRef", "FinalizationRegistry", "ArrayBuffer", "SharedArrayBuffer", "Atomics", "DataView",
  "JSON", "Promise", "Proxy", "Reflect", "Intl", "structuredClone", "queueMicrotask", "setTimeout",
  "clearTimeout", "setInterval", "clearInterval", "requestAnimationFrame", "cancelAnimationFrame",
  "requestIdleCallback", "fetch", "URL", "URLSearchParams", "Blob", "File", "FileReader", "Image", "Event",
  "CustomEvent", "EventTarget", "AbortController", "TextEncoder", "TextDecoder", "crypto", "localStorage",
  "sessionStorage", "indexedDB", "alert", "confirm", "prompt", "getComputedStyle", "matchMedia", "Node",
  "Element", "HTMLElement", "SVGElement", "DocumentFragment", "ResizeObserver", "IntersectionObserver",
  "MutationObserver", "Worker", "WebAssembly", "atob", "btoa", "Iterator"
]);
