package org.simdnet.onnx;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An ONNX ModelProto as read: the default domain's opset, the main graph's nodes, constants,
 * inputs and outputs, and the metadata. Only what an MLP needs is kept; every other field is
 * skipped (after its bytes were checked to lie inside the message).
 */
final class OnnxModelProto {

    long irVersion;
    /** The version of the default ("ai.onnx") operator set, or −1 when not imported. */
    long opset = -1;
    final List<OnnxNode> nodes = new ArrayList<>();
    /** Initializers and Constant nodes' values, by name. */
    final Map<String, OnnxTensor> constants = new LinkedHashMap<>();
    final List<OnnxValueInfo> inputs = new ArrayList<>();
    final List<OnnxValueInfo> outputs = new ArrayList<>();
    final Map<String, String> metadata = new TreeMap<>();
    boolean hasGraph;

    static OnnxModelProto parse(byte[] bytes) throws OnnxFormatException {
        OnnxModelProto m = new OnnxModelProto();
        ProtoReader r = new ProtoReader(bytes);
        while (r.next()) {
            switch (r.field()) {
                case 1:
                    m.irVersion = r.int64();
                    break;
                case 7:
                    m.hasGraph = true;
                    m.graph(r.message());
                    break;
                case 8:
                    m.opsetImport(r.message());
                    break;
                case 14:
                    m.metadataEntry(r.message());
                    break;
                default:
                    r.skip();
            }
        }
        return m;
    }

    private void opsetImport(ProtoReader r) throws OnnxFormatException {
        String domain = "";
        long version = -1;
        while (r.next()) {
            if (r.field() == 1) {
                domain = r.string();
            } else if (r.field() == 2) {
                version = r.int64();
            } else {
                r.skip();
            }
        }
        if (domain.isEmpty() || domain.equals("ai.onnx")) {
            opset = version;
        }
    }

    private void metadataEntry(ProtoReader r) throws OnnxFormatException {
        String key = "";
        String value = "";
        while (r.next()) {
            if (r.field() == 1) {
                key = r.string();
            } else if (r.field() == 2) {
                value = r.string();
            } else {
                r.skip();
            }
        }
        metadata.put(key, value);
    }

    private void graph(ProtoReader r) throws OnnxFormatException {
        while (r.next()) {
            switch (r.field()) {
                case 1:
                    nodes.add(OnnxNode.parse(r.message(), nodes.size()));
                    break;
                case 5:
                    OnnxTensor t = OnnxTensor.parse(r.message());
                    constants.put(t.name, t);
                    break;
                case 11:
                    inputs.add(OnnxValueInfo.parse(r.message()));
                    break;
                case 12:
                    outputs.add(OnnxValueInfo.parse(r.message()));
                    break;
                case 15:
                    throw new OnnxFormatException("the graph has sparse initializers, which simdnet does not read");
                default:
                    r.skip();
            }
        }
    }
}
