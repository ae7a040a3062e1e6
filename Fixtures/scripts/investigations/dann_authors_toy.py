"""Independent check for the Lab's `dann` experiment (issue 6, session 8).

Trains the shallow DANN of Ganin et al. (JMLR 2016, Algorithm 1) on the
inter-twinning moons with the settings of the first author's public toy
script (described in the header of
Sources/RepriseLab/Experiments/DomainAdversarial.swift): 150 moons points,
noise 0.05, inputs centred on the source mean and scaled by 2, target rotated
by 35 degrees, one source and one random target example per step, constant
lambda = 6 and learning rate 0.05, 15 sigmoid units, 500 epochs.  Prints the
source and target-test accuracy of the network with and without the domain
branch for each seed.  Own code; hand-written gradients; numpy only.

    python3 dann_authors_toy.py --seeds 5        # ~1 min on one core
"""
import argparse

import numpy as np


def moons(count, noise, rng):
    """sklearn-style two moons: outer half circle class 0, inner class 1."""
    outer = count // 2
    inner = count - outer
    t_outer = np.linspace(0, np.pi, outer)
    t_inner = np.linspace(0, np.pi, inner)
    points = np.vstack([np.c_[np.cos(t_outer), np.sin(t_outer)],
                        np.c_[1 - np.cos(t_inner), 0.5 - np.sin(t_inner)]])
    labels = np.r_[np.zeros(outer, int), np.ones(inner, int)]
    order = rng.permutation(count)
    return points[order] + rng.normal(0, noise, (count, 2)), labels[order]


def rotated_problem(degrees, count, noise, seed, scale):
    rng = np.random.default_rng(seed)
    source, source_labels = moons(count, noise, rng)
    target, _ = moons(count, noise, rng)
    test, test_labels = moons(4 * count, noise, rng)
    centre = source.mean(axis=0)
    angle = -np.radians(degrees)
    rotation = np.array([[np.cos(angle), np.sin(angle)], [-np.sin(angle), np.cos(angle)]])
    source = scale * (source - centre)
    target = scale * (target - centre) @ rotation.T
    test = scale * (test - centre) @ rotation.T
    return source, source_labels, target, test, test_labels


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def train(source, labels, target, adaptation, epochs, rate, hidden, seed):
    """Per-example SGD; the domain regressor ascends its log-likelihood while
    the features descend it (the reversal), both scaled by `adaptation`."""
    rng = np.random.default_rng(seed + 1000)
    bound = np.sqrt(6 / (2 + hidden))
    w_in = bound * (2 * rng.random((hidden, 2)) - 1)
    b_in = np.zeros(hidden)
    w_out = bound * (2 * rng.random((2, hidden)) - 1)
    b_out = np.zeros(2)
    w_dom = np.zeros(hidden)
    b_dom = 0.0
    for _ in range(epochs):
        for x, y in zip(source, labels):
            h = sigmoid(w_in @ x + b_in)
            p = np.exp(w_out @ h + b_out)
            p /= p.sum()
            g_out = p - np.eye(2)[y]
            g_hidden = (w_out.T @ g_out) * h * (1 - h)
            g_w_in = np.outer(g_hidden, x)
            g_b_in = g_hidden
            step_w_dom = np.zeros(hidden)
            step_b_dom = 0.0
            if adaptation > 0:
                # Source example, domain label 1: gradient of log d(h).
                d_source = sigmoid(w_dom @ h + b_dom)
                step_b_dom = adaptation * (1 - d_source)
                step_w_dom = step_b_dom * h
                reversed_source = step_b_dom * w_dom * h * (1 - h)
                g_b_in = g_b_in + reversed_source
                g_w_in = g_w_in + np.outer(reversed_source, x)
                # Random target example, domain label 0: gradient of log(1 - d(h)).
                x_t = target[rng.integers(len(target))]
                h_t = sigmoid(w_in @ x_t + b_in)
                d_target = sigmoid(w_dom @ h_t + b_dom)
                step_b_dom -= adaptation * d_target
                step_w_dom = step_w_dom - adaptation * d_target * h_t
                reversed_target = -adaptation * d_target * w_dom * h_t * (1 - h_t)
                g_b_in = g_b_in + reversed_target
                g_w_in = g_w_in + np.outer(reversed_target, x_t)
            w_in -= rate * g_w_in
            b_in -= rate * g_b_in
            w_out -= rate * np.outer(g_out, h)
            b_out -= rate * g_out
            w_dom = w_dom + rate * step_w_dom
            b_dom += rate * step_b_dom
    return w_in, b_in, w_out, b_out


def accuracy(network, points, labels):
    w_in, b_in, w_out, b_out = network
    scores = sigmoid(points @ w_in.T + b_in) @ w_out.T + b_out
    return float(np.mean(np.argmax(scores, axis=1) == labels))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--noise", type=float, default=0.05)
    parser.add_argument("--points", type=int, default=150)
    parser.add_argument("--epochs", type=int, default=500)
    parser.add_argument("--scale", type=float, default=2.0)
    args = parser.parse_args()
    for seed in range(args.seeds):
        source, labels, target, test, test_labels = rotated_problem(
            35, args.points, args.noise, seed, args.scale)
        plain = train(source, labels, target, 0.0, args.epochs, 0.05, 15, seed)
        dann = train(source, labels, target, 6.0, args.epochs, 0.05, 15, seed)
        print(f"seed {seed}: source-only source {accuracy(plain, source, labels):.3f} "
              f"target {accuracy(plain, test, test_labels):.3f} | "
              f"DANN source {accuracy(dann, source, labels):.3f} "
              f"target {accuracy(dann, test, test_labels):.3f}", flush=True)


if __name__ == "__main__":
    main()
