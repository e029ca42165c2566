"""Refuses a PyTorch peer that runs the reference BLAS.

Debian's python3-torch depends on any libblas.so.3; on a machine without OpenBLAS that is the
reference BLAS (~3 GFLOPS sgemm on a Zen 3 core against ~70 for OpenBLAS), and every figure
against it flatters simdnet: the digits race of 2026-12-02's fourth stop read 12.3x against it,
~7x against OpenBLAS. torch's own config says BLAS_INFO=generic either way, so this looks at the
BLAS library the process has mapped after one product. Install libopenblas0-pthread to fix it."""
import sys


def require_openblas(torch):
    a = torch.ones(64, 64)
    torch.mm(a, a)
    with open("/proc/self/maps") as maps:
        paths = {line.split()[-1] for line in maps if "libblas" in line}
    # Debian's reference BLAS lives in .../blas/libblas.so.3, OpenBLAS's in .../openblas-*/
    if not any("/blas/libblas.so" in p for p in paths):
        return
    sys.stderr.write("PyTorch is not running OpenBLAS (the reference BLAS is ~20x slower): a "
                     "peer figure made so would be meaningless. apt-get install libopenblas0-pthread\n")
    sys.exit(2)
