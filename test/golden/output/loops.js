(n, obj, items, __bs, __guard) => {let __bsTick = 0; 
let s = 0
for (let i = 0; __bs.lt(i , n); i++) {if (++__bsTick >= 4096) __bsTick = __guard(); s = __bs.add(s, i)}
while (__bs.gt(s , 0)) {if (++__bsTick >= 4096) __bsTick = __guard(); s = __bs.sub(s, 1) }
do {if (++__bsTick >= 4096) __bsTick = __guard(); s++;} while (__bs.lt(s , 3))
for (const k in obj) {if (++__bsTick >= 4096) __bsTick = __guard();}
for (const v of items) {if (++__bsTick >= 4096) __bsTick = __guard();}
function fact(k) {if (++__bsTick >= 4096) __bsTick = __guard(); return __bs.le(k , 1) ? 1 : __bs.mul(k , fact(__bs.sub(k , 1))) }
const square = (t) => (++__bsTick >= 4096 && (__bsTick = __guard()), __bs.mul(t , t))

return {s, fact, square};
}
