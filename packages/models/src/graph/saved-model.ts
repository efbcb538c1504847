import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProtoWriter } from './proto.js';

/** Tensor element types used in hbt's graphs. */
export type DType = 'float32' | 'int32' | 'bool';
const DT: Record<DType, number> = { float32: 1, int32: 3, bool: 10 }; // tensorflow/core/framework/types.proto

/** A constant tensor: `values` row-major. */
export interface ConstTensor {
  dtype: 'float32' | 'int32';
  shape: readonly number[];
  values: Float32Array | Int32Array;
}

/** An attribute value of a node (one of AttrValue's cases). */
export type AttrValue =
  | { type: DType }
  | { shape: readonly number[] | null }
  | { tensor: ConstTensor }
  | { i: number }
  | { f: number }
  | { b: boolean }
  | { s: string }
  | { ints: readonly number[] };

/** A node of a TensorFlow graph: `inputs` are `node` or `node:k` names. */
export interface NodeDef {
  name: string;
  op: string;
  inputs: readonly string[];
  attr?: Record<string, AttrValue>;
}

/** A named input or output of a signature: the graph tensor (`node:0`), its type and shape (−1: any). */
export interface SignatureTensor {
  key: string;
  tensor: string;
  dtype: DType;
  shape: readonly number[];
}

/** GraphDef version this writer targets (TensorFlow 2.x graphs; the runtime accepts older producers). */
export const GRAPH_PRODUCER = 1994;

function shapeProto(w: ProtoWriter, shape: readonly number[] | null): void {
  if (shape === null) {
    w.int(3, true); // unknown_rank
    return;
  }
  for (const d of shape) w.message(2, (dim) => dim.int(1, d));
}

function tensorProto(w: ProtoWriter, t: ConstTensor): void {
  const n = t.shape.reduce((a, b) => a * b, 1);
  if (t.values.length !== n)
    throw new RangeError(`const tensor: ${t.values.length} values for shape [${t.shape}]`);
  w.int(1, DT[t.dtype]);
  w.message(2, (s) => shapeProto(s, t.shape));
  const v = t.values;
  // tensor_content: raw little-endian bytes (x86 and ARM hosts are little-endian).
  if (n > 0) w.bytes(4, new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
}

function attrProto(w: ProtoWriter, a: AttrValue): void {
  if ('type' in a) w.int(6, DT[a.type]);
  else if ('shape' in a) w.message(7, (s) => shapeProto(s, a.shape));
  else if ('tensor' in a) w.message(8, (t) => tensorProto(t, a.tensor));
  else if ('i' in a) w.int(3, a.i);
  else if ('f' in a) w.float(4, a.f);
  else if ('b' in a) w.int(5, a.b);
  else if ('s' in a) w.string(2, a.s);
  else w.message(1, (l) => l.packedInts(3, a.ints));
}

/** Encode a GraphDef. */
export function encodeGraphDef(nodes: readonly NodeDef[]): Uint8Array {
  const w = new ProtoWriter();
  for (const n of nodes) {
    w.message(1, (nd) => {
      nd.string(1, n.name).string(2, n.op);
      for (const i of n.inputs) nd.string(3, i);
      for (const [k, v] of Object.entries(n.attr ?? {})) {
        nd.message(5, (e) => e.string(1, k).message(2, (av) => attrProto(av, v)));
      }
    });
  }
  w.message(4, (v) => v.int(1, GRAPH_PRODUCER));
  return w.finish();
}

function tensorInfo(w: ProtoWriter, t: SignatureTensor): void {
  w.string(1, t.tensor).int(2, DT[t.dtype]);
  w.message(3, (s) => shapeProto(s, t.shape));
}

/**
 * Write a SavedModel (tag `serve`, one signature `serving_default`, no variables: weights are graph
 * constants) into `dir`, which must not exist yet or be empty.
 */
export function writeSavedModel(
  dir: string,
  nodes: readonly NodeDef[],
  signature: { inputs: readonly SignatureTensor[]; outputs: readonly SignatureTensor[] },
): void {
  const w = new ProtoWriter();
  w.int(1, 1); // saved_model_schema_version
  w.message(2, (mg) => {
    mg.message(1, (info) => info.string(4, 'serve'));
    mg.bytes(2, encodeGraphDef(nodes));
    mg.message(5, (entry) =>
      entry.string(1, 'serving_default').message(2, (sig) => {
        for (const t of signature.inputs)
          sig.message(1, (e) => e.string(1, t.key).message(2, (ti) => tensorInfo(ti, t)));
        for (const t of signature.outputs)
          sig.message(2, (e) => e.string(1, t.key).message(2, (ti) => tensorInfo(ti, t)));
        sig.string(3, 'tensorflow/serving/predict');
      }),
    );
  });
  mkdirSync(join(dir, 'variables'), { recursive: true });
  writeFileSync(join(dir, 'saved_model.pb'), w.finish());
}
