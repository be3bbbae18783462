(n, obj, items, __bs, __guard) => {let __bsTick = 0; 
let s = 0
for (let i = 0;; ) { let __bsK = 0; for (; __bsK < 4096 && (__bs.lt(i , n)); __bsK++, i++) s = __bs.add(s, i); if ((__bsTick += __bsK) >= 4096) __bsTick = __guard(); if (__bsK < 4096) break; }
for (;;) { let __bsK = 0; for (; __bsK < 4096 && (__bs.gt(s , 0)); __bsK++) { s = __bs.sub(s, 1) }; if ((__bsTick += __bsK) >= 4096) __bsTick = __guard(); if (__bsK < 4096) break; }
for (let __bsFirst = true;;) { let __bsK = 0; for (; __bsK < 4096 && (__bsFirst || (__bs.lt(s , 3))); __bsK++) { __bsFirst = false; s++; }; if ((__bsTick += __bsK) >= 4096) __bsTick = __guard(); if (__bsK < 4096) break; }
for (const k in obj) {if (++__bsTick >= 4096) __bsTick = __guard();}
for (const v of items) {if (++__bsTick >= 4096) __bsTick = __guard();}
function fact(k) {if (++__bsTick >= 4096) __bsTick = __guard(); return __bs.le(k , 1) ? 1 : __bs.mul(k , fact(__bs.sub(k , 1))) }
const square = (t) => (++__bsTick >= 4096 && (__bsTick = __guard()), __bs.mul(t , t))

return {s, fact, square};
}
