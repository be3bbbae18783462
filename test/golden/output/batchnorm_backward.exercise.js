var __bsTick = 0; function batchnorm_backward(dout, cache) {if (++__bsTick >= 4096) __bsTick = __guard();
  const {xhat, gamma, xmu, ivar, sqrtvar, var: variance, eps} = cache;
  const N = __bs.get(dout.shape, [0]);
  const dbeta = __observe("dbeta", dout.sum({axis: 0}), 4);
  const dgammax = __observe("dgammax", dout, 5);
  const dgamma = __observe("dgamma", (__bs.mul(dgammax , xhat)).sum({axis: 0}), 6);
  const dxhat = __observe("dxhat", __bs.mul(dgammax , gamma), 7);
  const divar = __observe("divar", (__bs.mul(dxhat , xmu)).sum({axis: 0}), 8);
  const dxmu1 = __observe("dxmu1", __bs.mul(dxhat , ivar), 9);
  const dsqrtvar = __observe("dsqrtvar", __bs.mul(__bs.div(-1 , __bs.pow(sqrtvar , 2)) , divar), 10);
  const dvar = __observe("dvar", __bs.mul(__bs.div(0.5 , np.sqrt(__bs.add(variance , eps))) , dsqrtvar), 11);
  const dsq = __observe("dsq", __bs.mul(__bs.mul(__bs.div(1 , N) , np.ones(dout.shape)) , dvar), 12);
  const dxmu2 = __observe("dxmu2", __bs.mul(__bs.mul(2 , xmu) , dsq), 13);
  let dx1 = __observe("dx1", __bs.add(dxmu1 , dxmu2), 14);
  const dmu = __observe("dmu", __bs.mul(-1 , (__bs.add(dxmu1 , dxmu2)).sum({axis: 0})), 15);
  const dx2 = __observe("dx2", __bs.mul(__bs.mul(__bs.div(1 , N) , np.ones(dout.shape)) , dmu), 16);
  __observe("dx1", dx1 = __bs.add(dx1, dx2), 17);
  return [dx1, dgamma, dbeta];
}
