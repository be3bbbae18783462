const dxhat = dout * gamma
const divar = (dxhat * xmu).sum({axis: 0})
const dsqrtvar = -1 / sqrtvar ** 2 * divar
const mask = x >= 0, same = x === y
const label = "n=" + n
const v = x[i, j] + x[0]
x[i, j] = -v
x[0] += 1
stats.count *= 2
