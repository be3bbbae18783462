(n, obj, items, __bs, __guard) => {let __bsTick = 0; 
let s = 0
for (let i = 0;; ) { let __bsK = 0; for (; __bsK < 4096 && (__bs.lt(i , n)); __bsK++, i++) s = __bs.add(s, i); if ((__bsTick += __bsK) >= 4096) __bsTick = __guard(); if (__bsK < 4096) break; }
for (;;) { let __bsK = 0; for (; __bsK < 4096 && (__bs.gt(s , 0)); __bsK++) { s = __bs.sub(s, 1) }; if ((__bsTick += __bsK) >= 4096) __bsTick = __guard(); if (__bsK < 4096) break; }
for (;;) { let __bsK = 0; for (; __bsK < 4096; __bsK++) { { s++; } if (!(__bs.lt(s , 3))) break; }; if ((__bsTick += __bsK) >= 4096) __bsTick = __guard(); if (__bsK < 4096) break; }
for (const k in obj) {if (++__bsTick >= 4096) __bsTick = __guard();}
{ let __bsR, __bsD = true, __bsI = (items), __bsN; if (__bsI == null || typeof __bsI[Symbol.iterator] !== "function") throw new TypeError("items is not iterable"); __bsI = __bsI[Symbol.iterator](); if (Object(__bsI) !== __bsI) throw new TypeError("Result of the Symbol.iterator method is not an object"); __bsN = __bsI.next; try { for (;;) { let __bsK = 0; for (; __bsK < 4096 && (__bsD = true, (__bsR = __bsN.call(__bsI), Object(__bsR) === __bsR || ((r) => { throw new TypeError("Iterator result " + String(r) + " is not an object") })(__bsR), !__bsR.done)); __bsK++) { __bsD = false; const v = __bsR.value; ; }; if ((__bsTick += __bsK) >= 4096) __bsTick = __guard(); if (__bsK < 4096) break; } } catch (__bsE) { if (!__bsD) { __bsD = true; try { __bsI.return?.() } catch {} } throw __bsE } finally { if (!__bsD) { __bsR = __bsI.return; if (__bsR != null) { __bsR = __bsR.call(__bsI); if (Object(__bsR) !== __bsR) throw new TypeError("Iterator result " + String(__bsR) + " is not an object") } } } }
function fact(k) {if (++__bsTick >= 4096) __bsTick = __guard(); return __bs.le(k , 1) ? 1 : __bs.mul(k , fact(__bs.sub(k , 1))) }
const square = (t) => (++__bsTick >= 4096 && (__bsTick = __guard()), __bs.mul(t , t))

return {s, fact, square};
}
