(dout, gamma, xmu, sqrtvar, x, y, n, i, j, stats, __bs) => {
const dxhat = __bs.mul(dout , gamma)
const divar = (__bs.mul(dxhat , xmu)).sum({axis: 0})
const dsqrtvar = __bs.mul(__bs.div(-1 , __bs.pow(sqrtvar , 2)) , divar)
const mask = __bs.ge(x , 0), same = x === y
const label = "n=" + n
const v = __bs.add(__bs.get(x, [i, j]) , __bs.get(x, [0]))
__bs.set(x, [i, j] , __bs.neg(v))
__bs.update(x, [0] , __bs.add, 1)
__bs.update(stats, "count" , __bs.mul, 2)

return {dxhat, divar, dsqrtvar, mask, same, label, v};
}
