const nq = 1024, nc = 13014, k = 100;
let s = 7; const rnd = () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 4294967296; };
const a = new Float32Array(nq * nc); for (let i = 0; i < a.length; i++) a[i] = (rnd() - 0.5) * 0.3;
function scan(a) { let c = 0; const min = 0.149; for (let i = 0; i < a.length; i++) { const v = a[i]; if (!(v > min)) continue; c++; } return c; }
for (let r = 0; r < 3; r++) { const t0 = performance.now(); const c = scan(a); const dt = performance.now() - t0; console.log('scan ns/score', (dt * 1e6 / a.length).toFixed(2), c); }
// count replacements with a simple sorted insertion to estimate
let repl = 0; for (let q = 0; q < 50; q++) { const h = []; for (let j = 0; j < nc; j++) { const v = a[q * nc + j]; if (h.length < k) { h.push(v); h.sort((x, y) => x - y); } else if (v > h[0]) { h[0] = v; h.sort((x, y) => x - y); repl++; } } }
console.log('replacements/query', repl / 50);
