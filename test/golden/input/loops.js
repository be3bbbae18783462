let s = 0
for (let i = 0; i < n; i++) s += i
while (s > 0) { s -= 1 }
do s++; while (s < 3)
for (const k in obj) {}
for (const v of items) ;
function fact(k) { return k <= 1 ? 1 : k * fact(k - 1) }
const square = (t) => t * t
