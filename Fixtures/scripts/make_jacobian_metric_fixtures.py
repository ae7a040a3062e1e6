#!/usr/bin/env python3
"""Reference values for RepriseMetrics' Jacobian-based metrics.

Writes Fixtures/metrics/jacobian/jacobian_cases.json. Every case carries a
small fully connected network (weights W_l, d_l x d_{l+1}, and biases b_l,
stored in the file so the Swift test builds the same model), its inputs,
and the expected values, computed here without Reprise or any autodiff:

    forward   z_l = h_{l-1} W_l + b_l,  h_l = act(z_l) (tanh or ReLU),
              the last layer linear;
    backward  hand-written reverse mode: delta_L = e_c for output c,
              dW_l = outer(h_{l-1}, delta_l), db_l = delta_l,
              delta_{l-1} = (W_l delta_l) * act'(z_{l-1});
              the input gradient is W_1 delta_1.

Metrics (papers.md sections 3, 9, 13, 19):
  * empirical NTK: J with one row per input (the m output gradients
    concatenated for the trace kernel, one output's for an index kernel),
    K = J J^T;
  * geometric complexity GC = mean_x ||df/dx||_F^2 (Dherin et al. 2022) and,
    for a one-hidden-layer tanh network, its parameter gradient derived by
    hand (below) — what the double-backprop penalty must reproduce;
  * transverse variation (He et al. 2023): mean_x ||J(x) P||_F with the
    projector P_V = B B^+ (numpy.linalg.pinv) onto the span of the basis
    columns and P_N = I - P_V;
  * Task2Vec diagonal Fisher (Achille et al. 2019): mean_i of the squared
    gradient of log softmax(f(x_i))[y_i], for the true labels and for labels
    drawn from the model by inverting one uniform of numpy's Philox stream
    with key (13 << 64) | seed (RandomStream's documented convention).

Numbers are written with repr() through json (round-trip exact).
Run: python3 Fixtures/scripts/make_jacobian_metric_fixtures.py
"""
import json
import os

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "metrics", "jacobian")


# ------------------------------------------------------------------ network

def make_network(rng, widths, scale=0.8):
    """Weights [W1, b1, W2, b2, ...] with W_l of shape (widths[l], widths[l+1])."""
    params = []
    for a, b in zip(widths[:-1], widths[1:]):
        params.append(rng.standard_normal((a, b)) * scale / np.sqrt(a))
        params.append(rng.standard_normal(b) * 0.3)
    return params


def activation(z, kind):
    return np.tanh(z) if kind == "tanh" else np.maximum(z, 0.0)


def activation_slope(z, kind):
    if kind == "tanh":
        t = np.tanh(z)
        return 1.0 - t * t
    if np.any(z == 0):
        raise ValueError("a ReLU pre-activation is exactly 0: pick other weights")
    return (z > 0).astype(float)


def forward(x, params, kind):
    """Pre-activations and layer outputs of one input row x (length d)."""
    hs = [x]
    zs = []
    layers = len(params) // 2
    for l in range(layers):
        z = hs[-1] @ params[2 * l] + params[2 * l + 1]
        zs.append(z)
        hs.append(z if l == layers - 1 else activation(z, kind))
    return zs, hs


def backward(zs, hs, params, kind, seed):
    """Gradients of seed . f(x) w.r.t. every parameter and w.r.t. x."""
    layers = len(params) // 2
    grads = [None] * len(params)
    delta = seed
    for l in reversed(range(layers)):
        grads[2 * l] = np.outer(hs[l], delta)
        grads[2 * l + 1] = delta.copy()
        delta = params[2 * l] @ delta
        if l > 0:
            delta = delta * activation_slope(zs[l - 1], kind)
    return grads, delta


def flat(grads):
    return np.concatenate([g.ravel() for g in grads])


def output_count(params):
    return params[-1].shape[0]


def parameter_jacobian(x, params, kind, outputs):
    rows = []
    for xa in x:
        zs, hs = forward(xa, params, kind)
        row = []
        for c in outputs:
            seed = np.zeros(output_count(params))
            seed[c] = 1.0
            grads, _ = backward(zs, hs, params, kind, seed)
            row.append(flat(grads))
        rows.append(np.concatenate(row))
    return np.array(rows)


def input_jacobian(xa, params, kind):
    """m x d: row c is d f_c / d x."""
    zs, hs = forward(xa, params, kind)
    m = output_count(params)
    rows = []
    for c in range(m):
        seed = np.zeros(m)
        seed[c] = 1.0
        _, dx = backward(zs, hs, params, kind, seed)
        rows.append(dx)
    return np.array(rows)


# ------------------------------------------------------------------ metrics

def ntk(x, params, kind, index):
    m = output_count(params)
    jt = parameter_jacobian(x, params, kind, range(m))
    ji = parameter_jacobian(x, params, kind, [index])
    return {"index": index, "jacobian_trace": jt, "gram_trace": jt @ jt.T,
            "jacobian_index": ji, "gram_index": ji @ ji.T}


def geometric_complexity(x, params, kind):
    return float(np.mean([np.sum(input_jacobian(xa, params, kind) ** 2) for xa in x]))


def gc_gradient_one_hidden_tanh(x, params):
    """d GC / d(W1, b1, W2, b2) for f(x) = tanh(x W1 + b1) W2 + b2.

    With t = tanh(z), s = 1 - t^2 and J[c, i] = sum_k W2[k, c] s_k W1[i, k],
    G = ||J||^2 and A = J W1 (m x h):
      dG/dW2[k, c] = 2 s_k A[c, k]
      dG/ds_k      = r_k = 2 sum_c W2[k, c] A[c, k],  ds_k/dz_k = -2 t_k s_k,
      u_k = r_k (-2 t_k s_k) = dG/dz_k (through s),
      dG/dW1[i, k] = 2 sum_c J[c, i] W2[k, c] s_k + x_i u_k,
      dG/db1[k]    = u_k,   dG/db2 = 0,
    averaged over the inputs.
    """
    w1, b1, w2, b2 = params
    g = [np.zeros_like(w1), np.zeros_like(b1), np.zeros_like(w2), np.zeros_like(b2)]
    for xa in x:
        t = np.tanh(xa @ w1 + b1)
        s = 1 - t * t
        j = (w2 * s[:, None]).T @ w1.T          # m x d
        a = j @ w1                              # m x h
        r = 2 * np.sum(w2 * a.T, axis=1)        # h
        u = r * (-2 * t * s)
        g[0] += 2 * (j.T @ w2.T) * s[None, :] + np.outer(xa, u)
        g[1] += u
        g[2] += 2 * s[:, None] * a.T
    return [gi / len(x) for gi in g]


def transverse(x, params, kind, basis):
    projector = basis @ np.linalg.pinv(basis)
    normal_projector = np.eye(basis.shape[0]) - projector
    normal, parallel = [], []
    for xa in x:
        j = input_jacobian(xa, params, kind)
        parallel.append(np.linalg.norm(j @ projector))
        normal.append(np.linalg.norm(j @ normal_projector))
    return float(np.mean(normal)), float(np.mean(parallel))


def log_softmax(z):
    top = z.max()
    return z - top - np.log(np.sum(np.exp(z - top)))


def fisher(x, params, kind, labels):
    total = None
    for xa, y in zip(x, labels):
        zs, hs = forward(xa, params, kind)
        logits = hs[-1]
        p = np.exp(log_softmax(logits))
        seed = -p
        seed[y] += 1.0                           # d log p_y / d logits = e_y - p
        grads, _ = backward(zs, hs, params, kind, seed)
        g = flat(grads) ** 2
        total = g if total is None else total + g
    return total / len(x)


def sampled_labels(x, params, kind, seed):
    """One uniform per example from Philox key (13 << 64) | seed, inverted
    through the running sum of the class probabilities."""
    uniforms = np.random.Generator(np.random.Philox(key=(13 << 64) | seed, counter=0)).random(len(x))
    labels, margins = [], []
    for xa, u in zip(x, uniforms):
        _, hs = forward(xa, params, kind)
        cumulative = np.cumsum(np.exp(log_softmax(hs[-1])))
        c = int(np.searchsorted(cumulative, u, side="right"))
        labels.append(min(c, len(cumulative) - 1))
        margins.append(np.min(np.abs(cumulative[:-1] - u)))
    # A boundary within rounding of u could flip the class: refuse such seeds.
    assert min(margins) > 1e-9, "a sampled class is decided by rounding: pick another seed"
    return labels


# ------------------------------------------------------------------ checks

def finite_difference_check(f, params, analytic, h=1e-6):
    """Central differences of f at a few parameter entries (sanity only)."""
    for which, grad in enumerate(analytic):
        flat_index = np.argmax(np.abs(grad))
        idx = np.unravel_index(flat_index, grad.shape)
        plus = [p.copy() for p in params]
        minus = [p.copy() for p in params]
        plus[which][idx] += h
        minus[which][idx] -= h
        numeric = (f(plus) - f(minus)) / (2 * h)
        assert abs(numeric - grad[idx]) <= 1e-6 * max(1.0, abs(grad[idx])), (which, numeric, grad[idx])


# ------------------------------------------------------------------ cases

def encode(a):
    a = np.asarray(a, dtype=float)
    return {"shape": list(a.shape), "data": a.ravel().tolist()}


def entry(name, params, kind, x, **values):
    """One case: the network, its inputs and the expected values (arrays
    encoded with their shapes)."""
    out = {"name": name, "model": {"activation": kind, "parameters": [encode(p) for p in params]},
           "inputs": encode(x)}
    for key, value in values.items():
        if isinstance(value, np.ndarray):
            value = encode(value)
        elif isinstance(value, list) and value and isinstance(value[0], np.ndarray):
            value = [encode(v) for v in value]
        out[key] = value
    return out


def task2vec_values(x, params, kind, labels, seed):
    drawn = sampled_labels(x, params, kind, seed)
    assert drawn != labels
    return dict(labels=labels, fisher_true=fisher(x, params, kind, labels).tolist(), seed=seed,
                sampled_labels=drawn, fisher_sampled=fisher(x, params, kind, drawn).tolist())


def make_cases():
    rng = np.random.default_rng(20261129)
    cases = {"ntk": [], "geometric_complexity": [], "transverse_variation": [], "task2vec": []}

    # --- empirical NTK
    # More parameters (39) than samples (5); two outputs.
    params = make_network(rng, [3, 4, 3, 2])
    x = rng.standard_normal((5, 3))
    cases["ntk"].append(entry("tanh_wide_parameters", params, "tanh", x,
                              **ntk(x, params, "tanh", 1)))
    # Duplicated inputs (rows 1 = 4, 2 = 5) and a constant input column: K is
    # singular; ReLU with three outputs.
    params = make_network(rng, [4, 5, 3], scale=1.2)
    x = rng.standard_normal((6, 4))
    x[4], x[5] = x[1], x[2]
    x[:, 3] = 0.7
    k = ntk(x, params, "relu", 2)
    assert np.linalg.matrix_rank(k["gram_trace"]) == 4
    cases["ntk"].append(entry("relu_duplicated_rows", params, "relu", x, **k))
    # More samples (12) than parameters (9): K has rank at most 9.
    params = make_network(rng, [2, 2, 1])
    x = rng.standard_normal((12, 2)) * 1.5
    k = ntk(x, params, "tanh", 0)
    assert np.linalg.matrix_rank(k["gram_trace"]) <= 9
    cases["ntk"].append(entry("tanh_more_samples_than_parameters", params, "tanh", x, **k))

    # --- geometric complexity
    # One hidden tanh layer, three outputs: the value and the penalty gradient.
    params = make_network(rng, [4, 6, 3], scale=1.5)
    x = rng.standard_normal((7, 4))
    grad = gc_gradient_one_hidden_tanh(x, params)
    finite_difference_check(lambda p: geometric_complexity(x, p, "tanh"), params, grad)
    cases["geometric_complexity"].append(entry(
        "tanh_one_hidden", params, "tanh", x, gc=geometric_complexity(x, params, "tanh"),
        gradient=grad))
    # Fewer samples (3) than input dimensions (10), two hidden ReLU layers.
    params = make_network(rng, [10, 6, 5, 2], scale=1.3)
    x = rng.standard_normal((3, 10))
    cases["geometric_complexity"].append(entry(
        "relu_wide_inputs", params, "relu", x, gc=geometric_complexity(x, params, "relu")))
    # Duplicated rows and a constant input column, tanh, one output.
    params = make_network(rng, [3, 5, 1], scale=1.5)
    x = rng.standard_normal((6, 3))
    x[3] = x[0]
    x[:, 1] = -0.4
    cases["geometric_complexity"].append(entry(
        "tanh_duplicated_rows", params, "tanh", x, gc=geometric_complexity(x, params, "tanh")))

    # --- transverse variation
    # Non-orthonormal basis of a 2-dimensional subspace of R^4; two outputs.
    params = make_network(rng, [4, 5, 2], scale=1.3)
    x = rng.standard_normal((5, 4))
    basis = rng.standard_normal((4, 2))
    normal, parallel = transverse(x, params, "tanh", basis)
    cases["transverse_variation"].append(entry(
        "tanh_plane", params, "tanh", x, basis=basis, normal=normal, parallel=parallel))
    # Rank-deficient basis (3 columns spanning 2 dimensions of R^6), fewer
    # samples (3) than dimensions, duplicated rows, ReLU, three outputs.
    params = make_network(rng, [6, 4, 3], scale=1.3)
    x = rng.standard_normal((3, 6))
    x[2] = x[0]
    b = rng.standard_normal((6, 2))
    basis = np.hstack([b, b @ np.array([[2.0], [-1.0]])])
    assert np.linalg.matrix_rank(basis) == 2
    normal, parallel = transverse(x, params, "relu", basis)
    cases["transverse_variation"].append(entry(
        "relu_deficient_basis", params, "relu", x, basis=basis, normal=normal, parallel=parallel))

    # --- Task2Vec diagonal Fisher
    # tanh probe, 31 parameters, 6 examples, 3 classes; true and sampled labels.
    params = make_network(rng, [3, 4, 3], scale=1.5)
    x = rng.standard_normal((6, 3))
    cases["task2vec"].append(entry(
        "tanh_probe", params, "tanh", x,
        **task2vec_values(x, params, "tanh", [0, 2, 1, 1, 2, 0], seed=7)))
    # Duplicated inputs with different labels (rows 0 = 5, 2 = 6), ReLU probe
    # with two hidden layers, 4 classes.
    params = make_network(rng, [2, 3, 3, 4], scale=1.5)
    x = rng.standard_normal((8, 2))
    x[5], x[6] = x[0], x[2]
    cases["task2vec"].append(entry(
        "relu_duplicated_inputs", params, "relu", x,
        **task2vec_values(x, params, "relu", [0, 1, 3, 2, 3, 2, 1, 0], seed=11)))
    return cases


def main():
    os.makedirs(OUT, exist_ok=True)
    cases = make_cases()
    path = os.path.join(OUT, "jacobian_cases.json")
    with open(path, "w") as f:
        json.dump({"generator": "Fixtures/scripts/make_jacobian_metric_fixtures.py", **cases}, f)
        f.write("\n")
    for metric, entries in cases.items():
        for e in entries:
            summary = {k: v for k, v in e.items() if isinstance(v, (float, int))}
            print(metric, e["name"], summary, e.get("sampled_labels", ""))


if __name__ == "__main__":
    main()
