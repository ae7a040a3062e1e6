"""Independent check for the Lab's `losses-transferability` experiment (issue 6, session 8).

Re-implements the experiment of Sources/RepriseLab/Experiments/LossTransferability.swift
in PyTorch (same MLP 64-256-256-128, five objectives, Adam 1e-3, batch 64; R2 class
separation, linear CKA, the fixed standardised probe with lambda = 0.1 solved by
scipy L-BFGS) and runs it on the file's split ("old": digits 0-4 -> 5-9) or on a
coarse -> fine design: the source task merges digits in pairs into 5 coarse
classes, and the probe asks for the 10 fine digits of held-out images.  Prints,
per seed, each objective's source accuracy, R2 and probe accuracy, Spearman(R2,
probe) and the CKA drop from h1 to the penultimate layer, the numbers quoted in
the experiment's header ("Tried (session 8)").

    python3 losses_coarse_fine.py PAIRING EPOCHS SEEDS [TAUS]
    PAIRING: old | consecutive | plus5 | random | similar;  SEEDS: e.g. 0,1,2
    python3 losses_coarse_fine.py consecutive 25 0,1,2   # ~15 s of CPU per seed
    KAPPA=5 python3 losses_coarse_fine.py consecutive 25 0,1,2   # squared-error target x5
"""
import itertools, os, sys

import numpy as np, torch
from scipy.optimize import minimize
from scipy.stats import spearmanr
torch.set_num_threads(1)
D = np.loadtxt(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'data', 'digits.csv'), delimiter=',')
X_all = (D[:, :64] / 16.0).astype(np.float32); Y_all = D[:, 64].astype(int)

def r2(F, y):
    F = F.astype(np.float64); n = np.linalg.norm(F, axis=1, keepdims=True)
    U = F / np.maximum(n, 1e-300); S = U @ U.T; Dm = 1 - S
    same = y[:, None] == y[None, :]
    dw = Dm[same].sum() / same.sum(); dt = Dm.mean()
    return 1 - dw / dt

def cka(A, B):
    A = A.astype(np.float64); B = B.astype(np.float64)
    A = A - A.mean(0); B = B - B.mean(0)
    return np.linalg.norm(A.T @ B) ** 2 / (np.linalg.norm(A.T @ A) * np.linalg.norm(B.T @ B))

def probe(Ftr, ytr, Fte, yte, K, lam=0.1, standardize=True):
    Ftr = Ftr.astype(np.float64); Fte = Fte.astype(np.float64)
    if standardize:
        mu = Ftr.mean(0); sd = Ftr.std(0); sd[sd == 0] = 1
        Ftr = (Ftr - mu) / sd; Fte = (Fte - mu) / sd
    n, p = Ftr.shape; Y = np.eye(K)[ytr]
    def f(w):
        W = w[:p * K].reshape(p, K); b = w[p * K:]
        Z = Ftr @ W + b; Z = Z - Z.max(1, keepdims=True)
        P = np.exp(Z); s = P.sum(1, keepdims=True); P /= s
        loss = (np.log(s[:, 0]) - (Z * Y).sum(1)).mean() + lam / 2 * (W ** 2).sum()
        G = (P - Y) / n
        return loss, np.concatenate([(Ftr.T @ G + lam * W).ravel(), G.sum(0)])
    res = minimize(f, np.zeros(p * K + K), jac=True, method='L-BFGS-B', options=dict(maxiter=2000, gtol=1e-8))
    W = res.x[:p * K].reshape(p, K); b = res.x[p * K:]
    Z = Fte @ W + b
    if K == 10 and PAIR is not None:
        partner = np.zeros(10, int)
        for a, c in PAIR: partner[a] = c; partner[c] = a
        other = partner[yte]
        within = (Z[np.arange(len(yte)), yte] > Z[np.arange(len(yte)), other]).mean()
        WITHIN.append(within)
    return (Z.argmax(1) == yte).mean()
PAIR = None
KAPPA = float(os.environ.get('KAPPA', '1'))  # squared-error target scale
WITHIN = []

class Net(torch.nn.Module):
    def __init__(s, K, cosine, tau):
        super().__init__()
        s.l1 = torch.nn.Linear(64, 256); s.l2 = torch.nn.Linear(256, 256); s.l3 = torch.nn.Linear(256, 128)
        s.cosine = cosine; s.tau = tau
        if cosine:
            s.w = torch.nn.Parameter(torch.randn(128, K) * np.sqrt(2.0 / (128 + K)))
        else:
            s.head = torch.nn.Linear(128, K)
    def forward(s, x):
        h1 = torch.relu(s.l1(x)); h2 = torch.relu(s.l2(h1)); h3 = torch.relu(s.l3(h2))
        if s.cosine:
            z = (h3 @ s.w) / (h3.norm(dim=1, keepdim=True) + 1e-12) / (s.w.norm(dim=0, keepdim=True) + 1e-12) / s.tau
        else:
            z = s.head(h3)
        return z, [h1, h2, h3]

OBJ = ['softmax', 'ls', 'sigmoid', 'cosine', 'sq']
def loss_fn(obj, z, y, K):
    if obj in ('softmax', 'cosine'): return torch.nn.functional.cross_entropy(z, y)
    if obj == 'ls': return torch.nn.functional.cross_entropy(z, y, label_smoothing=0.1)
    t = torch.nn.functional.one_hot(y, K).float()
    if obj == 'sigmoid': return (torch.nn.functional.softplus(z) - t * z).sum(1).mean()
    if obj == 'sq': return 0.5 * ((z - KAPPA * t) ** 2).sum(1).mean()

def train(obj, Xtr, ytr, K, epochs, seed, tau=0.25):
    torch.manual_seed(seed)
    net = Net(K, obj == 'cosine', tau)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    g = torch.Generator().manual_seed(seed + 50)
    X = torch.tensor(Xtr); Y = torch.tensor(ytr)
    for e in range(epochs):
        perm = torch.randperm(len(X), generator=g)
        for i in range(0, len(X), 64):
            idx = perm[i:i + 64]
            z, _ = net(X[idx]); L = loss_fn(obj, z, Y[idx], K)
            opt.zero_grad(); L.backward(); opt.step()
    return net

def feats(net, X):
    with torch.no_grad():
        z, hs = net(torch.tensor(X))
    return z.numpy(), [h.numpy() for h in hs]

def make_split(design, seed, pairing=None, n_train=600, n_test=400, per_class=20):
    rng = np.random.default_rng(1000 + seed)
    if design == 'old':
        src = np.where(Y_all < 5)[0]; tgt = np.where(Y_all >= 5)[0]
        src = rng.permutation(src); tr, te = src[:600], src[600:]
        ys = Y_all; coarse = lambda y: y
        pool = rng.permutation(tgt); fine = lambda y: y - 5; Kf = 5
    else:
        perm = rng.permutation(len(Y_all))
        tr, te, pool = perm[:n_train], perm[n_train:n_train + n_test], perm[n_train + n_test:]
        cmap = np.zeros(10, int)
        for c, pr in enumerate(pairing):
            for d in pr: cmap[d] = c
        coarse = lambda y: cmap[y]; fine = lambda y: y; Kf = 10
    taken = np.zeros(10, int); ptr = []; pte = []
    for i in pool:
        l = fine(Y_all[i])
        if taken[l] < per_class: taken[l] += 1; ptr.append(i)
        else: pte.append(i)
    ptr = np.array(ptr); pte = np.array(pte)
    mu = X_all[tr].mean(0)
    C = lambda idx: X_all[idx] - mu
    return dict(Xtr=C(tr), ytr=coarse(Y_all[tr]), Xte=C(te), yte=coarse(Y_all[te]),
                Xptr=C(ptr), yptr=fine(Y_all[ptr]), Xpte=C(pte), ypte=fine(Y_all[pte]), Kf=Kf)

def run(design, seed, epochs, pairing=None, taus=()):
    s = make_split(design, seed, pairing)
    K = 5; out = {}
    layers = {}
    for oi, obj in enumerate(OBJ):
        net = train(obj, s['Xtr'], s['ytr'], K, epochs, 100 * seed + oi)
        z, hs = feats(net, s['Xte'])
        acc = (z.argmax(1) == s['yte']).mean()
        R = r2(hs[2], s['yte'])
        _, htr = feats(net, s['Xptr']); _, hte = feats(net, s['Xpte'])
        pr = probe(htr[2], s['yptr'], hte[2], s['ypte'], s['Kf'])
        praw = probe(htr[2], s['yptr'], hte[2], s['ypte'], s['Kf'], lam=1e-3, standardize=False)
        out[obj] = (acc, R, pr, praw, WITHIN[-2] if WITHIN else 0); layers[obj] = hs
    ck = {o: [cka(layers['softmax'][l], layers[o][l]) for l in range(3)] for o in OBJ[1:]}
    sw = {}
    for tau in taus:
        net = train('cosine', s['Xtr'], s['ytr'], K, epochs, 100 * seed + 3, tau)
        z, hs = feats(net, s['Xte'])
        _, htr = feats(net, s['Xptr']); _, hte = feats(net, s['Xpte'])
        sw[tau] = (r2(hs[2], s['yte']), probe(htr[2], s['yptr'], hte[2], s['ypte'], s['Kf']))
    return out, ck, sw

def report(tag, out, ck, sw=None):
    Rs = [out[o][1] for o in OBJ]; Ps = [out[o][2] for o in OBJ]
    sp = spearmanr(Rs, Ps).correlation
    spraw = spearmanr(Rs, [out[o][3] for o in OBJ]).correlation
    low = min(Rs[1:]) - Rs[0]
    m = np.mean([ck[o] for o in OBJ[1:]], axis=0)
    print(f"{tag}: " + " ".join(f"{o}:acc{out[o][0]:.2f}/R{out[o][1]:.3f}/p{out[o][2]:.3f}" for o in OBJ))
    spw = spearmanr(Rs, [out[o][4] for o in OBJ]).correlation
    print("   within-pair acc " + " ".join(f"{o}:{out[o][4]:.3f}" for o in OBJ) + f" spearman(R2, within) {spw:+.2f}")
    print(f"   spearman {sp:+.2f} (raw-probe {spraw:+.2f})  softmax-lowest margin {low:+.3f}  CKA h1 {m[0]:.3f} h2 {m[1]:.3f} pen {m[2]:.3f} drop {m[0]-m[2]:.3f}"
          + ("" if not sw else "  sweep " + " ".join(f"t{t}:R{v[0]:.3f}/p{v[1]:.3f}" for t, v in sw.items())), flush=True)
    return sp, low, m[0], m[0] - m[2]

if __name__ == '__main__':
    PAIRINGS = {
        'consecutive': [(0, 1), (2, 3), (4, 5), (6, 7), (8, 9)],
        'plus5': [(0, 5), (1, 6), (2, 7), (3, 8), (4, 9)],
        'random': [(2, 9), (0, 7), (3, 4), (1, 8), (5, 6)],
        'similar': [(3, 8), (4, 9), (1, 7), (5, 6), (0, 2)],
    }
    design = sys.argv[1]; epochs = int(sys.argv[2]); seeds = [int(a) for a in sys.argv[3].split(',')]
    pairing = PAIRINGS.get(design) ; PAIR = pairing; d = 'old' if design == 'old' else 'cf'
    for seed in seeds:
        taus = tuple(float(t) for t in sys.argv[4].split(',')) if len(sys.argv) > 4 else ()
        out, ck, sw = run(d, seed, epochs, pairing, taus)
        report(f"{design} E{epochs} seed{seed}", out, ck, sw)
