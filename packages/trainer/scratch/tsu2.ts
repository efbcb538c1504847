import { initBackend, tf } from '@hbt/models';
await initBackend(process.argv[2] as 'cpu');
const p = tf.tensor2d([[1, 2], [3, 4], [5, 6], [7, 8]]);
const snap = p.dataSync();
const rows = tf.tensor2d([[1], [3]], [2, 1], 'int32');
const out = tf.tensorScatterUpdate(p, rows, tf.tensor2d([[30, 40], [70, 80]]));
console.log('input after', p.arraySync(), 'snap', Array.from(snap), 'same buffer', out.dataSync() === p.dataSync());
