"""Independent check for the Lab's `cka-layer-correspondence` experiment (issue 6, session 8).

PyTorch re-implementation of the layer-correspondence test of
Sources/RepriseLab/Experiments/LayerCorrespondence.swift (digits, MLPs
64-(W x 8)-10 from different seeds, 500 test examples, strict argmax over
layers) with its training and representation settings varied by a JSON
configuration; prints the correspondence accuracy, test accuracy and the mean
cross-seed CKA of corresponding layers ("diag") per base seed and their mean,
the numbers of the header's "Tried (issue 6, session 8)" table.  Keys
(default): width (128), depth (8), widths (list), act (relu | tanh | gelu |
sigmoid | elu), gain (sqrt 2; 1 = LeCun init), bn, dropout, opt (adam | sgd),
lr, wd, batch, epochs (25), where (post | pre), inputs (test | train), std,
all (also RBF CKA and mean CCA), ntest (500), nets (3).

    python3 layer_correspondence_sweep.py '{"act": "tanh", "gain": 1.0}' 0,1
"""
import itertools, json, os, sys, time
import numpy as np, torch, torch.nn as nn
torch.set_num_threads(1)

D = np.loadtxt(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'data', 'digits.csv'), delimiter=',')
X_all = D[:, :64] / 16.0; y_all = D[:, 64].astype(int)

def split(seed, ntest):
    rng = np.random.default_rng(1000 + seed)
    perm = rng.permutation(len(X_all))
    tr, te = perm[:len(X_all) - 500], perm[len(X_all) - 500:][:ntest]
    mean = X_all[tr].mean(0)
    return (X_all[tr] - mean, y_all[tr]), (X_all[te] - mean, y_all[te])

GAIN = [np.sqrt(2.0)]
def make_mlp(width, depth, bn=False, act='relu', widths=None, dropout=0.0):
    layers = []; w_in = 64
    widths = widths or [width] * depth
    for width in widths:
        lin = nn.Linear(w_in, width)
        nn.init.normal_(lin.weight, std=GAIN[0] / np.sqrt(lin.weight.shape[1])); nn.init.zeros_(lin.bias)
        layers.append(lin)
        if bn: layers.append(nn.BatchNorm1d(width))
        layers.append({'relu': nn.ReLU, 'tanh': nn.Tanh, 'gelu': nn.GELU, 'sigmoid': nn.Sigmoid, 'elu': nn.ELU}[act]())
        if dropout > 0: layers.append(nn.Dropout(dropout))
        w_in = width
    out = nn.Linear(w_in, 10); nn.init.kaiming_normal_(out.weight); nn.init.zeros_(out.bias)
    layers.append(out)
    return nn.Sequential(*layers)

def hidden(model, x, where='post'):
    reps = []; h = x
    for m in model:
        h = m(h)
        if where == 'post' and isinstance(m, (nn.ReLU, nn.Tanh, nn.GELU, nn.Sigmoid, nn.ELU)): reps.append(h)
        if where == 'pre' and isinstance(m, nn.Linear) and len(reps) < sum(isinstance(k, nn.Linear) for k in model) - 1: reps.append(h)
    return [r.detach().double().numpy() for r in reps]

def train(model, data, epochs, opt, lr, seed, batch=64, wd=0.0):
    x = torch.tensor(data[0], dtype=torch.float32); y = torch.tensor(data[1])
    if opt == 'adam': o = torch.optim.Adam(model.parameters(), lr=lr, weight_decay=wd)
    else: o = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9, weight_decay=wd)
    g = torch.Generator().manual_seed(seed)
    lossf = nn.CrossEntropyLoss()
    model.train()
    for ep in range(epochs):
        perm = torch.randperm(len(x), generator=g)
        for i in range(0, len(x), batch):
            idx = perm[i:i + batch]
            o.zero_grad(); l = lossf(model(x[idx]), y[idx]); l.backward(); o.step()
    model.eval()

def centre(a): return a - a.mean(0)
def lin_gram(a):
    a = centre(a); k = a @ a.T
    return k / np.linalg.norm(k)
def rbf_gram(a, frac=0.8):
    sq = (a * a).sum(1); d2 = np.maximum(sq[:, None] + sq[None, :] - 2 * a @ a.T, 0)
    med = np.median(np.sqrt(d2[np.triu_indices(len(a), 1)]))
    k = np.exp(-d2 / (2 * (frac * med) ** 2))
    n = len(a); H = np.eye(n) - 1.0 / n
    k = H @ k @ H
    return k / np.linalg.norm(k)
def cca_basis(a):
    a = centre(a); u, s, vt = np.linalg.svd(a, full_matrices=False)
    r = int((s > s[0] * max(a.shape) * np.finfo(float).eps).sum()); r = min(r, a.shape[0] - 1)
    return u[:, :r]

def accuracy(mats):
    # mats: list of LxL similarity matrices (rows: layer of A)
    hit = tot = 0
    for m in mats:
        for i in range(len(m)):
            row = m[i]; tot += 1
            if all(row[j] < row[i] for j in range(len(row)) if j != i): hit += 1
    return hit / tot

def run(cfg, base_seed=0, nets=3, verbose=False):
    t0 = time.time()
    width = cfg.get('width', 128); depth = cfg.get('depth', 8)
    tr, te = split(base_seed, cfg.get('ntest', 500))
    if cfg.get('std'):
        sd = tr[0].std(0) + 0.1
        tr, te = (tr[0] / sd, tr[1]), (te[0] / sd, te[1])
    reps = []; accs = []
    GAIN[0] = cfg.get('gain', np.sqrt(2.0))
    for k in range(nets):
        torch.manual_seed(10000 * base_seed + 100 + k)
        m = make_mlp(width, depth, cfg.get('bn', False), cfg.get('act', 'relu'), cfg.get('widths'), cfg.get('dropout', 0.0))
        train(m, tr, cfg.get('epochs', 25), cfg.get('opt', 'adam'), cfg.get('lr', 1e-3), 10000 * base_seed + 200 + k,
              cfg.get('batch', 64), cfg.get('wd', 0.0))
        xin = te[0] if cfg.get('inputs', 'test') == 'test' else tr[0][:cfg.get('ntest', 500)]
        with torch.no_grad():
            xt = torch.tensor(xin, dtype=torch.float32)
            accs.append((m(torch.tensor(te[0], dtype=torch.float32)).argmax(1).numpy() == te[1]).mean())
            reps.append(hidden(m, xt, cfg.get('where', 'post')))
    ttrain = time.time() - t0
    L = len(reps[0])
    lg = [[lin_gram(r) for r in net] for net in reps]
    full = cfg.get('all', False)
    rg = [[rbf_gram(r) for r in net] for net in reps] if full else None
    cb = [[cca_basis(r) for r in net] for net in reps] if full else None
    res = {'lin': [], 'rbf': [], 'cca': []} if full else {'lin': []}
    gaps = []
    for a, b in itertools.permutations(range(nets), 2):
        res['lin'].append(np.array([[np.sum(lg[a][i] * lg[b][j]) for j in range(L)] for i in range(L)]))
        if not full: continue
        res['rbf'].append(np.array([[np.sum(rg[a][i] * rg[b][j]) for j in range(L)] for i in range(L)]))
        res['cca'].append(np.array([[np.linalg.svd(cb[a][i].T @ cb[b][j], compute_uv=False).mean() for j in range(L)] for i in range(L)]))
    m = res['lin'][0]
    within = np.array([[np.sum(lg[0][i] * lg[0][j]) for j in range(L)] for i in range(L)])
    out = {k: accuracy(v) for k, v in res.items()}
    out['testacc'] = float(np.mean(accs)); out['train_s'] = ttrain; out['s'] = time.time() - t0
    out['diag'] = float(np.mean(np.diag(m)))
    if verbose:
        np.set_printoptions(precision=3, suppress=True, linewidth=150)
        print('across (net0 x net1)\n', m); print('within net0\n', within)
    return out

if __name__ == '__main__':
    cfg = json.loads(sys.argv[1]); seeds = [int(s) for s in sys.argv[2].split(',')] if len(sys.argv) > 2 else [0, 1, 2]
    verbose = len(sys.argv) > 3
    rows = []
    for s in seeds:
        o = run(cfg, s, cfg.get('nets', 3), verbose)
        rows.append(o)
        print(json.dumps(cfg), 'seed', s, ' '.join(f'{k}={v:.3f}' for k, v in o.items()), flush=True)
    print('MEAN', json.dumps(cfg), ' '.join(f'{k}={np.mean([r[k] for r in rows]):.3f}' for k in rows[0]), flush=True)
