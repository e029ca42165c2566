#!/usr/bin/env python3
"""Generate PyTorch reference fixtures for simdnet's Java tests.

Run from the repository root with Debian's python3-torch:

    /usr/bin/python3 src/test/python/make_torch_fixtures.py

Writes one JSON file per case to src/test/resources/fixtures/torch/ and prints
one line per fixture.  The output is deterministic (same bytes on every run
with the same torch version): fixed seeds, single-threaded CPU, sorted keys.

Everything is float32 (torch's default).  Floats are written with Python's
repr of the double that holds the float32 value, so (float) Double.parseDouble
in Java recovers the exact float32.  Learning rates are Python doubles.

Self-checks (the script aborts if one fails):
  * the gradient at the initial params matches a float64 recomputation;
  * torch's StepLR / CosineAnnealingLR give the same lr as the closed forms;
  * each optimizer step taken by torch matches an independent float64
    re-implementation of the documented update (see README.md);
  * clip_grad_norm_'s returned norm matches a float64 recomputation, and the
    cases meant to clip (or not) do (or don't).
"""

import copy
import inspect
import math
import os
import sys
import warnings

import torch
from torch import nn

OUT_DIR = os.path.join("src", "test", "resources", "fixtures", "torch")

torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)
warnings.filterwarnings("ignore")


# --------------------------------------------------------------------------
# cases
# --------------------------------------------------------------------------

def dense(i, o):
    return {"kind": "dense", "in": i, "out": o}


def act(kind, **kw):
    d = {"kind": kind}
    d.update(kw)
    return d


def sgd(lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
    return {"kind": "sgd", "lr": lr, "momentum": momentum, "dampening": dampening,
            "weight_decay": weight_decay, "nesterov": nesterov}


def adam(kind, lr, weight_decay=0.0, beta1=0.9, beta2=0.999, eps=1e-8):
    return {"kind": kind, "lr": lr, "beta1": beta1, "beta2": beta2, "eps": eps,
            "weight_decay": weight_decay}


CASES = [
    dict(name="mlp_ce_sgd_momentum", seed=1, rows=9,
         layers=[dense(4, 7), act("relu"), dense(7, 5), act("tanh"), dense(5, 3)],
         head="softmax_cross_entropy",
         optimizer=sgd(0.1, momentum=0.9, weight_decay=1e-3)),
    dict(name="mlp_ce_sgd_nesterov", seed=2, rows=11,
         layers=[dense(5, 6), act("relu"), dense(6, 4), act("tanh"), dense(4, 3)],
         head="softmax_cross_entropy",
         optimizer=sgd(0.05, momentum=0.9, dampening=0.0, nesterov=True)),
    dict(name="mlp_mse_adam", seed=3, rows=10,
         layers=[dense(3, 6), act("gelu"), dense(6, 5), act("sigmoid"), dense(5, 4),
                 act("leaky_relu", slope=0.1), dense(4, 2)],
         head="mse",
         optimizer=adam("adam", 1e-2, weight_decay=1e-4)),
    dict(name="mlp_bce_adamw", seed=4, rows=12,
         layers=[dense(5, 8), act("tanh"), dense(8, 3)],
         head="sigmoid_bce",
         optimizer=adam("adamw", 1e-2, weight_decay=1e-2)),
    dict(name="mlp_ce_adam_step_warmup_clip", seed=5, rows=13,
         layers=[dense(6, 9), act("relu"), dense(9, 4)],
         head="softmax_cross_entropy",
         optimizer=adam("adam", 1e-2),
         schedule={"kind": "step", "step_epochs": 2, "gamma": 0.5}, warmup=2,
         clip=0.3, expect_clip=True),
    dict(name="mlp_mse_sgd_cosine_noclip", seed=6, rows=8,
         layers=[dense(4, 7), act("leaky_relu", slope=0.2), dense(7, 3), act("identity"),
                 dense(3, 1)],
         head="mse",
         optimizer=sgd(0.05),
         schedule={"kind": "cosine", "total_epochs": 5, "min_factor": 0.1},
         clip=10.0, expect_clip=False),
    dict(name="mlp_bce_binary_sgd_dampening", seed=7, rows=7,
         layers=[dense(3, 5), act("sigmoid"), dense(5, 1)],
         head="sigmoid_bce",
         optimizer=sgd(0.1, momentum=0.5, dampening=0.1)),
    dict(name="linear_ce_gradient_only", seed=8, rows=7,
         layers=[dense(5, 4)],
         head="softmax_cross_entropy",
         optimizer=None, steps=0),
]


# --------------------------------------------------------------------------
# model / data
# --------------------------------------------------------------------------

def build_model(layers):
    mods = []
    for l in layers:
        k = l["kind"]
        if k == "dense":
            mods.append(nn.Linear(l["in"], l["out"]))
        elif k == "relu":
            mods.append(nn.ReLU())
        elif k == "tanh":
            mods.append(nn.Tanh())
        elif k == "sigmoid":
            mods.append(nn.Sigmoid())
        elif k == "identity":
            mods.append(nn.Identity())
        elif k == "leaky_relu":
            mods.append(nn.LeakyReLU(negative_slope=l["slope"]))
        elif k == "gelu":
            mods.append(nn.GELU(approximate="tanh"))
        else:
            raise ValueError(k)
    return nn.Sequential(*mods)


def loss_fn(head):
    return {"softmax_cross_entropy": nn.CrossEntropyLoss(),
            "mse": nn.MSELoss(),
            "sigmoid_bce": nn.BCEWithLogitsLoss()}[head]


def make_data(case, n_in, n_out):
    g = torch.Generator().manual_seed(2000 + case["seed"])
    rows = case["rows"]
    x = torch.randn(rows, n_in, generator=g, dtype=torch.float32)
    head = case["head"]
    if head == "softmax_cross_entropy":
        y = torch.randint(0, n_out, (rows,), generator=g)
        # make sure every class occurs at least once (more interesting gradient)
        for c in range(min(n_out, rows)):
            y[c] = c
        y = y[torch.randperm(rows, generator=g)]
    elif head == "mse":
        y = torch.randn(rows, n_out, generator=g, dtype=torch.float32)
    elif head == "sigmoid_bce":
        y = torch.randint(0, 2, (rows, n_out), generator=g).to(torch.float32)
        # a few fractional (soft) targets
        fracs = [0.25, 0.7, 0.9]
        flat = y.view(-1)
        idx = torch.randperm(flat.numel(), generator=g)[:len(fracs)]
        for i, f in zip(idx.tolist(), fracs):
            flat[i] = f
    else:
        raise ValueError(head)
    return x, y


def flat(tensors):
    return torch.cat([t.detach().reshape(-1) for t in tensors])


def floats(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


# --------------------------------------------------------------------------
# schedules
# --------------------------------------------------------------------------

def sched_factor(schedule, e):
    if schedule is None:
        return 1.0
    if schedule["kind"] == "step":
        return schedule["gamma"] ** (e // schedule["step_epochs"])
    if schedule["kind"] == "cosine":
        t = schedule["total_epochs"]
        m = schedule["min_factor"]
        return m + (1.0 - m) * (1.0 + math.cos(math.pi * min(e, t) / t)) / 2.0
    raise ValueError(schedule["kind"])


def lr_at(case, e):
    base = case["optimizer"]["lr"]
    f = sched_factor(case.get("schedule"), e)
    w = case.get("warmup", 0)
    if w and e < w:
        f *= (e + 1) / w
    return base * f


def check_torch_scheduler(case, steps):
    """Torch's own scheduler (no warm-up) must agree with the closed form."""
    schedule = case.get("schedule")
    if schedule is None:
        return
    base = case["optimizer"]["lr"]
    p = nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=base)
    if schedule["kind"] == "step":
        sch = torch.optim.lr_scheduler.StepLR(opt, step_size=schedule["step_epochs"],
                                              gamma=schedule["gamma"])
    else:
        sch = torch.optim.lr_scheduler.CosineAnnealingLR(
            opt, T_max=schedule["total_epochs"], eta_min=base * schedule["min_factor"])
    for e in range(steps + 3):
        got = opt.param_groups[0]["lr"]
        want = base * sched_factor(schedule, e)
        if e <= schedule.get("total_epochs", e):  # torch's cosine restarts past T
            assert abs(got - want) <= 1e-12 * abs(want), (case["name"], e, got, want)
        opt.step()
        sch.step()


# --------------------------------------------------------------------------
# optimizers
# --------------------------------------------------------------------------

def _kw(cls, **kw):
    sig = inspect.signature(cls.__init__).parameters
    if "foreach" in sig:
        kw["foreach"] = False
    return kw


def make_optimizer(o, params):
    if o["kind"] == "sgd":
        return torch.optim.SGD(params, **_kw(
            torch.optim.SGD, lr=o["lr"], momentum=o["momentum"], dampening=o["dampening"],
            weight_decay=o["weight_decay"], nesterov=o["nesterov"]))
    cls = {"adam": torch.optim.Adam, "adamw": torch.optim.AdamW}[o["kind"]]
    return cls(params, **_kw(cls, lr=o["lr"], betas=(o["beta1"], o["beta2"]), eps=o["eps"],
                             weight_decay=o["weight_decay"], amsgrad=False))


class ReferenceOptimizer:
    """float64 re-implementation of the update simdnet is meant to match."""

    def __init__(self, o, n):
        self.o = o
        self.t = 0
        self.buf = None
        self.m = torch.zeros(n, dtype=torch.float64)
        self.v = torch.zeros(n, dtype=torch.float64)

    def step(self, p, g, lr):
        o = self.o
        self.t += 1
        if o["kind"] == "sgd":
            d = g + o["weight_decay"] * p
            if o["momentum"] != 0:
                if self.buf is None:
                    self.buf = d.clone()  # first step: buf = d (no dampening)
                else:
                    self.buf = o["momentum"] * self.buf + (1 - o["dampening"]) * d
                d = d + o["momentum"] * self.buf if o["nesterov"] else self.buf
            return p - lr * d
        b1, b2, eps, wd = o["beta1"], o["beta2"], o["eps"], o["weight_decay"]
        if o["kind"] == "adamw":
            p = p * (1 - lr * wd)
        elif wd != 0:
            g = g + wd * p
        self.m = b1 * self.m + (1 - b1) * g
        self.v = b2 * self.v + (1 - b2) * g * g
        bc1 = 1 - b1 ** self.t
        bc2 = 1 - b2 ** self.t
        denom = self.v.sqrt() / math.sqrt(bc2) + eps
        return p - (lr / bc1) * self.m / denom


# --------------------------------------------------------------------------
# one case
# --------------------------------------------------------------------------

def rel_err(a, b):
    a = a.to(torch.float64)
    b = b.to(torch.float64)
    return float((a - b).norm() / b.norm().clamp_min(1e-30))


def run_case(case):
    layers = case["layers"]
    dense_layers = [l for l in layers if l["kind"] == "dense"]
    n_in, n_out = dense_layers[0]["in"], dense_layers[-1]["out"]
    for a, b in zip(dense_layers, dense_layers[1:]):
        assert a["out"] == b["in"], case["name"]

    torch.manual_seed(1000 + case["seed"])
    model = build_model(layers)
    x, y = make_data(case, n_in, n_out)
    crit = loss_fn(case["head"])
    params = list(model.parameters())
    init_params = flat(params).clone()

    # initial loss and gradient
    model.zero_grad()
    loss = crit(model(x), y)
    loss.backward()
    loss0 = float(loss.item())
    grad0 = flat([p.grad for p in params]).clone()

    # float64 recomputation of the gradient
    m64 = copy.deepcopy(model).double()
    m64.zero_grad()
    y64 = y if case["head"] == "softmax_cross_entropy" else y.double()
    l64 = crit(m64(x.double()), y64)
    l64.backward()
    g64 = flat([p.grad for p in m64.parameters()])
    ge = rel_err(grad0, g64)
    assert ge < 1e-4, (case["name"], "gradient vs float64", ge)
    assert abs(loss0 - float(l64)) <= 1e-5 * max(1.0, abs(float(l64))), case["name"]
    assert float(grad0.abs().max()) > 1e-4, (case["name"], "degenerate gradient")

    out = {
        "name": case["name"],
        "torch_version": torch.__version__,
        "layers": layers,
        "head": case["head"],
        "rows": case["rows"],
        "inputs": n_in,
        "x": floats(x),
        "params": floats(init_params),
        "loss": loss0,
        "gradient": floats(grad0),
        "optimizer": case["optimizer"],
        "schedule": case.get("schedule"),
        "warmup": case.get("warmup", 0),
        "clip": case.get("clip"),
    }
    if case["head"] == "softmax_cross_entropy":
        out["labels"] = [int(v) for v in y.tolist()]
    else:
        out["targets"] = floats(y)

    steps = case.get("steps", 5)
    out["steps"] = steps
    if case["optimizer"] is None:
        assert steps == 0
        out["trajectory"] = None
        return out, ge, None

    check_torch_scheduler(case, steps)
    opt = make_optimizer(case["optimizer"], params)
    ref = ReferenceOptimizer(case["optimizer"], init_params.numel())
    clip = case.get("clip")
    traj = {"lr": [], "loss": [], "grad_norms": [] if clip is not None else None, "params": []}
    max_step_err = 0.0
    clipped = []
    for e in range(steps):
        opt.zero_grad()
        loss = crit(model(x), y)
        loss.backward()
        if e == 0:
            assert float(loss.item()) == loss0
            assert torch.equal(flat([p.grad for p in params]), grad0)
        raw = flat([p.grad for p in params]).to(torch.float64)
        if clip is not None:
            norm = float(torch.nn.utils.clip_grad_norm_(params, clip))
            n64 = float(raw.norm())
            assert abs(norm - n64) <= 1e-5 * n64, (case["name"], norm, n64)
            coef = min(1.0, clip / (n64 + 1e-6))
            clipped.append(coef < 1.0)
            g_used = flat([p.grad for p in params]).to(torch.float64)
            assert rel_err(g_used, raw * coef) < 1e-6, (case["name"], "clip")
            traj["grad_norms"].append(norm)
        else:
            g_used = raw
        lr = float(lr_at(case, e))
        for group in opt.param_groups:
            group["lr"] = lr
        before = flat(params).to(torch.float64)
        opt.step()
        after = flat(params).clone()
        want = ref.step(before, g_used, lr)
        delta = (want - before).norm().clamp_min(1e-30)
        err = float((after.to(torch.float64) - want).norm() / delta)
        max_step_err = max(max_step_err, err)
        assert err < 1e-3, (case["name"], "optimizer step", e, err)
        traj["lr"].append(lr)
        traj["loss"].append(float(loss.item()))
        traj["params"].append(floats(after))
    if "expect_clip" in case:
        if case["expect_clip"]:
            assert all(clipped), (case["name"], "expected clipping every step", clipped)
        else:
            assert not any(clipped), (case["name"], "expected no clipping", clipped)
    out["trajectory"] = traj
    return out, ge, max_step_err


# --------------------------------------------------------------------------
# output
# --------------------------------------------------------------------------

def scalar_json(v):
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        assert math.isfinite(v), v
        return repr(float(v))
    if isinstance(v, str):
        import json
        return json.dumps(v)
    raise TypeError(type(v))


def to_json(v, indent=0):
    """Sorted keys, one key per line, flat lists and small dicts inline."""
    pad = " " * indent
    if isinstance(v, dict):
        if all(not isinstance(x, (dict, list)) for x in v.values()):
            return "{" + ", ".join(scalar_json(k) + ": " + scalar_json(v[k])
                                   for k in sorted(v)) + "}"
        items = [pad + " " + scalar_json(k) + ": " + to_json(v[k], indent + 1)
                 for k in sorted(v)]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(v, list):
        if all(not isinstance(x, (dict, list)) for x in v):
            return "[" + ", ".join(scalar_json(x) for x in v) + "]"
        items = [pad + " " + to_json(x, indent + 1) for x in v]
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"
    return scalar_json(v)


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    names = set()
    for case in CASES:
        assert case["name"] not in names
        names.add(case["name"])
        out, ge, se = run_case(case)
        text = to_json(out) + "\n"
        path = os.path.join(OUT_DIR, case["name"] + ".json")
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        n_params = len(out["params"])
        print("%-50s params=%-4d steps=%d loss=%.6f grad_vs_f64=%.1e step_vs_ref=%s bytes=%d"
              % (path, n_params, out["steps"], out["loss"], ge,
                 "-" if se is None else "%.1e" % se, len(text)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
