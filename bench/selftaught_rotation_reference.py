#!/usr/bin/python3
# PyTorch reference of the shipped selftaught and selftaught_clustering demos (docs/RESULTS.md, "Self-taught:
# the side by side"): lenet trained to predict the rotation (0/90/180/270 degrees, one random turn per image
# and pass) of 5000 unlabeled clothes images of Fashion-MNIST (T-shirt, Trouser, Pullover, Dress, Coat; 5
# epochs, Adam 1e-3, batch 64), then
#  - selftaught: a linear head fitted to convergence (L-BFGS, L2 1e-3, as the engine does) on the conv2
#    features of LABELS labels per class of Sandal, Shirt, Sneaker, Bag, Ankle_boot, tested on 400 test images
#    per class; beside it a linear head on raw pixels and lenet from scratch (Adam 3e-3, 30 epochs);
#  - clustering: k-means (k = 5, 10 k-means++ restarts) on the standardised conv2 features of 200 test images
#    per class of the same five classes, beside k-means on raw pixels; NMI.
# Needs Debian's python3-torch (run it with /usr/bin/python3).
#   /usr/bin/python3 bench/selftaught_rotation_reference.py SEED LABELS
import gzip, sys, time
import numpy as np, torch, torch.nn as nn, torch.nn.functional as F

torch.set_num_threads(1)
seed = int(sys.argv[1]) if len(sys.argv) > 1 else 1
labels = int(sys.argv[2]) if len(sys.argv) > 2 else 10
rng = np.random.default_rng(seed)
torch.manual_seed(seed)


def idx(p):
    d = gzip.open(p).read()
    return np.frombuffer(d, np.uint8, offset=16 if d[3] == 3 else 8)


D = '/usr/share/datasets/fashion-mnist/'
Xtr = idx(D + 'train-images-idx3-ubyte.gz').reshape(-1, 1, 28, 28); ytr = idx(D + 'train-labels-idx1-ubyte.gz')
Xte = idx(D + 't10k-images-idx3-ubyte.gz').reshape(-1, 1, 28, 28); yte = idx(D + 't10k-labels-idx1-ubyte.gz')
norm = lambda x: torch.tensor(x, dtype=torch.float32) / 127.5 - 1
src_cls, tgt_cls = [0, 1, 2, 3, 4], [5, 6, 7, 8, 9]
remap = {c: i for i, c in enumerate(tgt_cls)}
src = np.concatenate([np.where(ytr == c)[0][:1000] for c in src_cls])
lab = np.concatenate([rng.choice(np.where(ytr == c)[0][:200], labels, replace=False) for c in tgt_cls])
te = np.concatenate([np.where(yte == c)[0][:400] for c in tgt_cls])
cl = np.concatenate([np.where(yte == c)[0][:200] for c in tgt_cls])
Xs = norm(Xtr[src]); Xl = norm(Xtr[lab]); yl = torch.tensor([remap[c] for c in ytr[lab]])
Xt = norm(Xte[te]); yt = torch.tensor([remap[c] for c in yte[te]])
Xc = norm(Xte[cl]); yc = yte[cl]


class Lenet(nn.Module):
    def __init__(s):
        super().__init__()
        s.c1 = nn.Conv2d(1, 6, 5, padding=2); s.c2 = nn.Conv2d(6, 16, 5)
        s.f1 = nn.Linear(400, 120); s.f2 = nn.Linear(120, 84)

    def conv2(s, x):
        return F.max_pool2d(F.relu(s.c2(F.max_pool2d(F.relu(s.c1(x)), 2))), 2).flatten(1)

    def forward(s, x):
        return F.relu(s.f2(F.relu(s.f1(s.conv2(x)))))


t = time.time()
net = Lenet(); rot = nn.Linear(84, 4)
opt = torch.optim.Adam(list(net.parameters()) + list(rot.parameters()), 1e-3)
for epoch in range(5):
    perm = torch.randperm(len(Xs)); right = 0
    for i in range(0, len(Xs), 64):
        x = Xs[perm[i:i + 64]]; k = torch.randint(0, 4, (len(x),))
        x = torch.stack([torch.rot90(xi, int(ki), (1, 2)) for xi, ki in zip(x, k)])
        out = rot(net(x)); loss = F.cross_entropy(out, k)
        opt.zero_grad(); loss.backward(); opt.step(); right += (out.argmax(1) == k).sum().item()
pretext = right / len(Xs)


def linear_head(A, y, B, yb, l2=1e-3):
    W = torch.zeros(A.shape[1], 5, requires_grad=True); b = torch.zeros(5, requires_grad=True)
    o = torch.optim.LBFGS([W, b], max_iter=500, line_search_fn='strong_wolfe')

    def closure():
        o.zero_grad(); l = F.cross_entropy(A @ W + b, y) + 0.5 * l2 * (W ** 2).sum(); l.backward(); return l
    o.step(closure)
    return ((B @ W + b).argmax(1) == yb).float().mean().item()


def scratch():
    torch.manual_seed(seed + 7); m = Lenet(); head = nn.Linear(84, 5)
    o = torch.optim.Adam(list(m.parameters()) + list(head.parameters()), 3e-3)
    for epoch in range(30):
        perm = torch.randperm(len(Xl))
        for i in range(0, len(Xl), 64):
            j = perm[i:i + 64]; l = F.cross_entropy(head(m(Xl[j])), yl[j]); o.zero_grad(); l.backward(); o.step()
    with torch.no_grad():
        return (head(m(Xt)).argmax(1) == yt).float().mean().item()


def kmeans(X, k=5, restarts=10, iterations=100):
    best = None
    for r in range(restarts):
        c = [X[rng.integers(len(X))]]
        for _ in range(k - 1):
            d = np.min(((X[:, None, :] - np.array(c)[None]) ** 2).sum(-1), 1); c.append(X[rng.choice(len(X), p=d / d.sum())])
        c = np.array(c)
        for _ in range(iterations):
            a = ((X[:, None, :] - c[None]) ** 2).sum(-1).argmin(1)
            n = np.array([X[a == j].mean(0) if (a == j).any() else c[j] for j in range(k)])
            if np.allclose(n, c): break
            c = n
        inertia = ((X - c[a]) ** 2).sum()
        if best is None or inertia < best[0]: best = (inertia, a)
    return best[1]


def nmi(t, p):
    t = np.unique(t, return_inverse=True)[1]; p = np.unique(p, return_inverse=True)[1]
    C = np.zeros((t.max() + 1, p.max() + 1)); np.add.at(C, (t, p), 1); P = C / C.sum(); pt = P.sum(1); pp = P.sum(0)
    nz = P > 0; mi = (P[nz] * np.log(P[nz] / np.outer(pt, pp)[nz])).sum()
    H = lambda q: -(q[q > 0] * np.log(q[q > 0])).sum()
    return 2 * mi / (H(pt) + H(pp))


with torch.no_grad():
    Fl, Ft, Fc = net.conv2(Xl), net.conv2(Xt), net.conv2(Xc).numpy()
std = lambda f: (f - f.mean(0)) / (f.std(0) + 1e-6)
res = {
    'rotation_conv2': linear_head(Fl, yl, Ft, yt),
    'pixels': linear_head(Xl.flatten(1), yl, Xt.flatten(1), yt),
    'scratch': scratch(),
}
print(f'seed {seed} labels {labels} pretext accuracy {pretext:.3f} ({time.time() - t:.0f} s) ' +
      ' '.join(f'{k}={v * 100:.1f}' for k, v in res.items()) +
      f' | clustering NMI rotation_conv2_std={nmi(yc, kmeans(std(Fc))):.3f} pixels={nmi(yc, kmeans(Xc.flatten(1).numpy())):.3f}',
      flush=True)
