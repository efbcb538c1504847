const dim = 256, bq = 512, bc = 2048;
const q = new Float32Array(bq*dim).map(()=>Math.random()-0.5), c = new Float32Array(bc*dim).map(()=>Math.random()-0.5);
const out = new Float32Array(bq*bc);
function k1() {
  for (let i = 0; i < bq; i++) { const qo = i*dim;
    for (let j = 0; j < bc; j += 4) { const c0 = j*dim, c1=c0+dim, c2=c1+dim, c3=c2+dim; let s0=0,s1=0,s2=0,s3=0;
      for (let d = 0; d < dim; d++) { const x = q[qo+d]; s0 += x*c[c0+d]; s1 += x*c[c1+d]; s2 += x*c[c2+d]; s3 += x*c[c3+d]; }
      out[i*bc+j]=s0; out[i*bc+j+1]=s1; out[i*bc+j+2]=s2; out[i*bc+j+3]=s3; } }
}
for (let w=0;w<2;w++) k1();
const t0=performance.now(); for (let r=0;r<3;r++) k1(); const dt=(performance.now()-t0)/3/1000;
console.log('js 1x4 GFLOP/s', (2*bq*bc*dim/dt/1e9).toFixed(2));
