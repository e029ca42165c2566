package org.simdnet.onnx;

/** A graph input or output as declared: name, element type and dimensions (−1 for a symbolic one). */
final class OnnxValueInfo {

    final String name;
    final int elemType;
    /** The dimensions, or null when the shape is not declared. */
    final long[] dims;

    OnnxValueInfo(String name, int elemType, long[] dims) {
        this.name = name;
        this.elemType = elemType;
        this.dims = dims;
    }

    static OnnxValueInfo parse(ProtoReader r) throws OnnxFormatException {
        String name = "";
        int elemType = 0;
        long[] dims = null;
        while (r.next()) {
            if (r.field() == 1) {
                name = r.string();
            } else if (r.field() == 2) {                 // TypeProto
                ProtoReader type = r.message();
                while (type.next()) {
                    if (type.field() == 1) {             // tensor_type
                        ProtoReader tensor = type.message();
                        while (tensor.next()) {
                            if (tensor.field() == 1) {
                                elemType = tensor.int32();
                            } else if (tensor.field() == 2) {
                                dims = shape(tensor.message());
                            } else {
                                tensor.skip();
                            }
                        }
                    } else {
                        type.skip();
                    }
                }
            } else {
                r.skip();
            }
        }
        return new OnnxValueInfo(name, elemType, dims);
    }

    private static long[] shape(ProtoReader r) throws OnnxFormatException {
        long[] dims = new long[0];
        while (r.next()) {
            if (r.field() != 1) {
                r.skip();
                continue;
            }
            ProtoReader dim = r.message();
            long value = -1;
            while (dim.next()) {
                if (dim.field() == 1) {
                    value = dim.int64();
                } else {
                    dim.skip();
                }
            }
            dims = java.util.Arrays.copyOf(dims, dims.length + 1);
            dims[dims.length - 1] = value;
        }
        return dims;
    }
}
