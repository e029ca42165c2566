#!/usr/bin/python3
"""PyTorch-made ONNX fixtures for simdnet's importer tests (OnnxImportFixturesTest).

Each fixture is an nn.Sequential exported by torch.onnx.export, with 1,000 random input rows and
PyTorch's own outputs for them (float32, little-endian, row-major):
    NAME.onnx  NAME.x.bin (1000 x inputs)  NAME.y.bin (1000 x outputs)
Run from this directory with Debian's python3-torch (apt-get install python3-torch):
    /usr/bin/python3 make_fixtures.py
"""
import io
import torch
import torch.nn as nn

ROWS = 1000


class MatMulLinear(nn.Module):
    """x @ W^T + b written out: torch exports it as MatMul + Add, not Gemm."""

    def __init__(self, inputs, outputs):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(outputs, inputs) * 0.3)
        self.bias = nn.Parameter(torch.randn(outputs) * 0.1)

    def forward(self, x):
        return torch.matmul(x, self.weight.t()) + self.bias


FIXTURES = [
    # name, opset, input shape after the batch, model
    ("relu_tanh_softmax_opset13", 13, (4,),
     lambda: nn.Sequential(nn.Linear(4, 32), nn.ReLU(), nn.Linear(32, 16), nn.Tanh(), nn.Linear(16, 3),
                           nn.Softmax(dim=1))),
    ("gelu_leaky_opset17", 17, (6,),
     lambda: nn.Sequential(nn.Linear(6, 24), nn.GELU(approximate='tanh'), nn.Linear(24, 12),
                           nn.LeakyReLU(0.05), nn.Linear(12, 5), nn.Softmax(dim=-1))),
    ("sigmoid_regression_opset11", 11, (3,),
     lambda: nn.Sequential(nn.Linear(3, 20), nn.Sigmoid(), nn.Linear(20, 2))),
    ("flatten_digits_opset13", 13, (8, 8),
     lambda: nn.Sequential(nn.Flatten(), nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 10), nn.Softmax(dim=1))),
    ("matmul_add_sigmoid_opset15", 15, (5,),
     lambda: nn.Sequential(MatMulLinear(5, 9), nn.ReLU(), MatMulLinear(9, 4), nn.Sigmoid())),
    ("gelu_opset12_no_folding", 12, (7,),
     lambda: nn.Sequential(nn.Linear(7, 11), nn.GELU(approximate='tanh'), nn.Linear(11, 3))),
]

# Refused with a clear message: an operator simdnet does not serve.
UNSUPPORTED = [
    ("unsupported_logsoftmax", 13, (4,), lambda: nn.Sequential(nn.Linear(4, 3), nn.LogSoftmax(dim=1))),
    ("unsupported_exact_gelu", 13, (4,), lambda: nn.Sequential(nn.Linear(4, 5), nn.GELU(), nn.Linear(5, 2))),
]


def export(name, opset, shape, make, with_data):
    torch.manual_seed(sum(name.encode()))
    model = make().eval()
    x = torch.randn(ROWS, *shape) * 3
    folding = not name.endswith("no_folding")
    torch.onnx.export(model, x[:2], name + ".onnx", opset_version=opset, input_names=["x"], output_names=["y"],
                      dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}}, do_constant_folding=folding)
    if with_data:
        with torch.no_grad():
            y = model(x)
        x.reshape(ROWS, -1).numpy().astype("<f4").tofile(name + ".x.bin")
        y.numpy().astype("<f4").tofile(name + ".y.bin")


if __name__ == "__main__":
    torch.manual_seed(0)
    for f in FIXTURES:
        export(*f, with_data=True)
    for f in UNSUPPORTED:
        export(*f, with_data=False)
    print("torch", torch.__version__)
