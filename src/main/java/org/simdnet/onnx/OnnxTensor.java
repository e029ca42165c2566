package org.simdnet.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A constant tensor of an ONNX graph (an initializer or a {@code Constant} node's value): its
 * name, dimensions and values. Float and double tensors are kept (as doubles, exactly); the
 * integer types are kept for shapes and axes; anything else is refused when a layer reads it.
 */
final class OnnxTensor {

    static final int FLOAT = 1;
    static final int INT32 = 6;
    static final int INT64 = 7;
    static final int DOUBLE = 11;

    final String name;
    final long[] dims;
    final int dataType;
    /** The values, or null for a data type simdnet does not read. */
    final double[] values;

    OnnxTensor(String name, long[] dims, int dataType, double[] values) {
        this.name = name;
        this.dims = dims;
        this.dataType = dataType;
        this.values = values;
    }

    /** Elements the dimensions call for (−1 when they overflow or one is negative). */
    long elementCount() {
        long n = 1;
        for (long d : dims) {
            if (d < 0 || (d > 0 && n > Long.MAX_VALUE / d)) {
                return -1;
            }
            n *= d;
        }
        return n;
    }

    boolean isScalar() {
        return values != null && values.length == 1;
    }

    /** The values as floats, for a float tensor (weights); doubles are rounded to float. */
    float[] floats() {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return f;
    }

    String describe() {
        return "'" + name + "' " + Arrays.toString(dims);
    }

    /** Reads a TensorProto. */
    static OnnxTensor parse(ProtoReader r) throws OnnxFormatException {
        String name = "";
        long[] dims = new long[0];
        int dataType = 0;
        double[] floatData = null;
        double[] doubleData = null;
        long[] intData = null;
        byte[] raw = null;
        boolean external = false;
        while (r.next()) {
            switch (r.field()) {
                case 1:                                  // dims
                    dims = r.wireType() == ProtoReader.LENGTH_DELIMITED ? append(dims, r.message().packedVarints())
                            : append(dims, new long[] {r.int64()});
                    break;
                case 2:
                    dataType = r.int32();
                    break;
                case 4:                                  // float_data
                    floatData = r.wireType() == ProtoReader.LENGTH_DELIMITED ? concat(floatData, r.message().packedFloats())
                            : concat(floatData, new float[] {r.float32()});
                    break;
                case 5:                                  // int32_data
                case 7:                                  // int64_data
                    intData = r.wireType() == ProtoReader.LENGTH_DELIMITED ? append(intData, r.message().packedVarints())
                            : append(intData, new long[] {r.int64()});
                    break;
                case 8:
                    name = r.string();
                    break;
                case 9:
                    raw = r.bytes();
                    break;
                case 10:                                 // double_data
                    doubleData = concatDoubles(doubleData, r);
                    break;
                case 13:                                 // external_data
                    external = true;
                    r.skip();
                    break;
                case 14:                                 // data_location
                    external |= r.int32() == 1;
                    break;
                default:
                    r.skip();
            }
        }
        if (external) {
            throw new OnnxFormatException("tensor '" + name + "' keeps its data in an external file, which simdnet "
                    + "does not read: save the model with its weights inside");
        }
        OnnxTensor shapeOnly = new OnnxTensor(name, dims, dataType, null);
        long count = shapeOnly.elementCount();
        if (count < 0 || count > Integer.MAX_VALUE - 8) {
            throw new OnnxFormatException("tensor " + shapeOnly.describe() + " has an impossible shape");
        }
        double[] values = null;
        if (dataType == FLOAT || dataType == DOUBLE || dataType == INT32 || dataType == INT64) {
            if (raw != null) {
                values = fromRaw(raw, dataType, shapeOnly);
            } else if (dataType == FLOAT) {
                values = floatData;
            } else if (dataType == DOUBLE) {
                values = doubleData;
            } else if (intData != null) {
                values = new double[intData.length];
                for (int i = 0; i < intData.length; i++) {
                    values[i] = intData[i];
                }
            }
            if (values == null) {
                values = new double[0];
            }
            if (values.length != count) {
                throw new OnnxFormatException("tensor " + shapeOnly.describe() + " holds " + values.length
                        + " values, its shape " + count);
            }
        }
        return new OnnxTensor(name, dims, dataType, values);
    }

    private static double[] fromRaw(byte[] raw, int dataType, OnnxTensor t) throws OnnxFormatException {
        int size = dataType == FLOAT || dataType == INT32 ? 4 : 8;
        if (raw.length % size != 0) {
            throw new OnnxFormatException("tensor " + t.describe() + " has " + raw.length + " raw bytes, not a multiple of "
                    + size);
        }
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        double[] v = new double[raw.length / size];
        for (int i = 0; i < v.length; i++) {
            switch (dataType) {
                case FLOAT:
                    v[i] = b.getFloat();
                    break;
                case DOUBLE:
                    v[i] = b.getDouble();
                    break;
                case INT32:
                    v[i] = b.getInt();
                    break;
                default:
                    v[i] = b.getLong();
            }
        }
        return v;
    }

    private static long[] append(long[] a, long[] b) {
        if (a == null) {
            return b;
        }
        long[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static double[] concat(double[] a, float[] b) {
        int n = a == null ? 0 : a.length;
        double[] c = a == null ? new double[b.length] : Arrays.copyOf(a, n + b.length);
        for (int i = 0; i < b.length; i++) {
            c[n + i] = b[i];
        }
        return c;
    }

    private static double[] concatDoubles(double[] a, ProtoReader r) throws OnnxFormatException {
        double[] b;
        if (r.wireType() == ProtoReader.LENGTH_DELIMITED) {
            ProtoReader p = r.message();
            java.util.List<Double> list = new java.util.ArrayList<>();
            while (!p.atEnd()) {
                list.add(p.float64Packed());
            }
            b = list.stream().mapToDouble(Double::doubleValue).toArray();
        } else {
            b = new double[] {r.float64()};
        }
        if (a == null) {
            return b;
        }
        double[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
