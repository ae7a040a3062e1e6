"""Coarse -> fine test of Li et al.'s "too much source collapse hurts transfer"
(papers.md 17), cited by Sources/RepriseLab/Experiments/NeuralCollapseTransfer.swift
("Tried (session 8)").

Six MLPs 64-256-256-64 (ReLU features) with a linear head, or a 2-layer
projection head (64-64-ReLU-K, features taken before it), are pre-trained with
Adam (lr 1e-3, batch 64) on digits whose labels merge several digits into one
coarse class: short (E/10 epochs), long (E), long + label smoothing 0.2,
long + projection head, long + weight decay 5e-4 (coupled L2), short +
projection head. Source: 900 random digits (all ten classes, coarse labels).
Held out: the other 897: source NC1 with coarse labels, downstream NC1 and a
linear probe (multinomial logistic regression, lambda = 0.1 on standardised
features, 20 labels per fine class, the rest scored) with the fine labels.
NC1 = tr(S_W pinv(S_B)) / K (Papyan et al. 2020). `sibling` runs the Lab's own
split instead (source digits 0-4, 600 for training; downstream digits 5-9).

  python3 neural_collapse_coarse_fine.py mod5 --seeds 0,1,2        # ~80 s a seed
  grouping: adjacent | mod5 | closest | parity | lowhigh | sibling
Prints, per seed, every setting's numbers and the two claims.
"""
import argparse, os, time
import numpy as np, torch
from scipy.optimize import minimize
from scipy.stats import spearmanr

GROUPINGS = {
    'adjacent': [(0, 1), (2, 3), (4, 5), (6, 7), (8, 9)],
    'mod5': [(0, 5), (1, 6), (2, 7), (3, 8), (4, 9)],
    # least total distance between class-mean images over all 945 pairings
    'closest': [(0, 9), (1, 8), (2, 3), (4, 6), (5, 7)],
    'parity': [(0, 2, 4, 6, 8), (1, 3, 5, 7, 9)],
    'lowhigh': [(0, 1, 2, 3, 4), (5, 6, 7, 8, 9)],
}
SETTINGS = [  # name, long, label smoothing, projection head, weight decay
    ('short', 0, 0, 0, 0), ('long', 1, 0, 0, 0), ('long_ls', 1, .2, 0, 0),
    ('long_proj', 1, 0, 1, 0), ('long_wd', 1, 0, 0, 5e-4), ('short_proj', 0, 0, 1, 0)]


def nc1(H, y, K):
    mu = np.stack([H[y == k].mean(0) for k in range(K)])
    Sw = sum((H[y == k] - mu[k]).T @ (H[y == k] - mu[k]) for k in range(K)) / len(H)
    Sb = (mu - H.mean(0)).T @ (mu - H.mean(0)) / K
    return np.trace(Sw @ np.linalg.pinv(Sb)) / K


def probe(Htr, ytr, Hte, yte, K, lam=0.1):
    m, s = Htr.mean(0), Htr.std(0)
    s[s == 0] = 1
    A, B = (Htr - m) / s, (Hte - m) / s
    n, p = A.shape
    Yo = np.eye(K)[ytr]

    def objective(w):
        W, b = w[:p * K].reshape(p, K), w[p * K:]
        Z = A @ W + b
        Z = Z - Z.max(1, keepdims=True)
        lse = np.log(np.exp(Z).sum(1))
        P = np.exp(Z - lse[:, None])
        value = (lse - (Z * Yo).sum(1)).mean() + lam / 2 * (W ** 2).sum()
        return value, np.concatenate([(A.T @ (P - Yo) / n + lam * W).ravel(), (P - Yo).sum(0) / n])

    r = minimize(objective, np.zeros(p * K + K), jac=True, method='L-BFGS-B',
                 options={'maxiter': 2000, 'gtol': 1e-7})
    W, b = r.x[:p * K].reshape(p, K), r.x[p * K:]
    return ((B @ W + b).argmax(1) == yte).mean()


def run(X, Y, grouping, seed, E):
    rng = np.random.default_rng(seed)
    if grouping == 'sibling':
        coarse, KS, KF = np.arange(10) % 5, 5, 5
        src = np.where(Y < 5)[0]
        order = rng.permutation(len(src))
        tr, te, ho = src[order[:600]], src[order[600:]], np.where(Y >= 5)[0]
    else:
        groups = GROUPINGS[grouping]
        coarse, KS, KF = np.zeros(10, int), len(groups), 10
        for c, g in enumerate(groups):
            coarse[list(g)] = c
        order = rng.permutation(len(X))
        tr, ho = order[:900], order[900:]
        te = ho
    mean = X[tr].mean(0)
    Xtr, ytr = torch.tensor(X[tr] - mean), torch.tensor(coarse[Y[tr]])
    Xte, yte = torch.tensor(X[te] - mean), coarse[Y[te]]
    Xho, yfine = torch.tensor(X[ho] - mean), Y[ho] % KF
    count, lab, unl = np.zeros(KF, int), [], []
    for i in rng.permutation(len(ho)):
        if count[yfine[i]] < 20:
            count[yfine[i]] += 1
            lab.append(i)
        else:
            unl.append(i)
    out = []
    for si, (name, long, ls, proj, wd) in enumerate(SETTINGS):
        torch.manual_seed(seed * 100 + si)
        nn = torch.nn
        body = nn.Sequential(nn.Linear(64, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(),
                             nn.Linear(256, 64), nn.ReLU())
        head = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, KS)) if proj else nn.Linear(64, KS)
        opt = torch.optim.Adam(list(body.parameters()) + list(head.parameters()), lr=1e-3, weight_decay=wd)
        shuffle = torch.Generator().manual_seed(seed * 100 + si + 50)
        for _ in range(E if long else E // 10):
            idx = torch.randperm(len(Xtr), generator=shuffle)
            for j in range(0, len(idx), 64):
                batch = idx[j:j + 64]
                loss = nn.functional.cross_entropy(head(body(Xtr[batch])), ytr[batch], label_smoothing=ls)
                opt.zero_grad()
                loss.backward()
                opt.step()
        with torch.no_grad():
            H, Hte, Htr = (body(Z).double().numpy() for Z in (Xho, Xte, Xtr))
            source_accuracy = (head(body(Xte)).argmax(1).numpy() == yte).mean()
        out.append(dict(name=name, source_accuracy=source_accuracy, source_nc1=nc1(Hte, yte, KS),
                        train_nc1=nc1(Htr, ytr.numpy(), KS), downstream_nc1=nc1(H, yfine, KF),
                        probe=probe(H[lab], yfine[lab], H[unl], yfine[unl], KF)))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('grouping', choices=list(GROUPINGS) + ['sibling'])
    parser.add_argument('--seeds', default='0,1,2')
    parser.add_argument('--epochs', type=int, default=200, help='long-training epochs E (short: E/10)')
    args = parser.parse_args()
    torch.set_num_threads(1)
    here = os.path.dirname(os.path.abspath(__file__))
    D = np.loadtxt(os.path.join(here, '..', '..', 'data', 'digits.csv'), delimiter=',')
    X, Y = (D[:, :64] / 16).astype(np.float32), D[:, 64].astype(int)
    for seed in (int(s) for s in args.seeds.split(',')):
        start = time.time()
        out = run(X, Y, args.grouping, seed, args.epochs)
        s, d, p = (np.array([o[k] for o in out]) for k in ('source_nc1', 'downstream_nc1', 'probe'))
        mc = s.argmin()
        print(f'{args.grouping} seed {seed} E {args.epochs} ({time.time() - start:.0f} s)')
        for o in out:
            print(f"  {o['name']:11s} source acc {o['source_accuracy']:.3f}  source NC1 {o['source_nc1']:.4f}"
                  f"  (train {o['train_nc1']:.5f})  downstream NC1 {o['downstream_nc1']:.3f}  probe {o['probe']:.3f}")
        print(f"  claim 1 Spearman(downstream NC1, probe) {spearmanr(d, p)[0]:+.3f} (<= -0.6)"
              f"  claim 2 best - probe of most collapsed ({out[mc]['name']}) {p.max() - p[mc]:+.3f} (> 0)"
              f"  Spearman(source NC1, probe) {spearmanr(s, p)[0]:+.3f}", flush=True)


if __name__ == '__main__':
    main()
