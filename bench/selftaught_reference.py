#!/usr/bin/python3
# PyTorch reference of the selftaught demo's recipe (docs/RESULTS.md, "Self-taught: the side by side"):
# a lenet denoising autoencoder (5 epochs, noise 0.3, Adam 1e-3, batch 64) on 5000 unlabeled clothes images of
# Fashion-MNIST, then a linear head fitted to convergence (L-BFGS, L2 1e-3, as the engine does) on 10 labels
# per class of Sandal, Shirt, Sneaker, Bag, Ankle_boot; tested on 400 test images per class. Compares raw
# pixels (the engine's `representation: pixels`), the autoencoder's fc2 code (the layer the engine uses) and
# its conv2 map and fc1. Needs Debian's python3-torch (run it with /usr/bin/python3).
#   /usr/bin/python3 bench/selftaught_reference.py SEED [standardise]
import gzip, numpy as np, torch, torch.nn as nn, torch.nn.functional as F, sys, time
torch.set_num_threads(1)
STANDARDISE = len(sys.argv) > 2 and sys.argv[2] == 'standardise'
def idx(p):
    d=gzip.open(p).read(); return np.frombuffer(d,np.uint8,offset=16 if d[3]==3 else 8)
D='/usr/share/datasets/fashion-mnist/'
Xtr=idx(D+'train-images-idx3-ubyte.gz').reshape(-1,1,28,28); ytr=idx(D+'train-labels-idx1-ubyte.gz')
Xte=idx(D+'t10k-images-idx3-ubyte.gz').reshape(-1,1,28,28); yte=idx(D+'t10k-labels-idx1-ubyte.gz')
norm=lambda x: torch.tensor(x,dtype=torch.float32)/127.5-1
src_cls=[0,1,2,3,4]; tgt_cls=[5,6,7,8,9]
rng=np.random.default_rng(int(sys.argv[1]) if len(sys.argv)>1 else 1); seed=int(sys.argv[1]) if len(sys.argv)>1 else 1
torch.manual_seed(seed)
src=np.concatenate([np.where(ytr==c)[0][:1000] for c in src_cls])
lab=np.concatenate([rng.choice(np.where(ytr==c)[0][:200],10,replace=False) for c in tgt_cls])
te=np.concatenate([np.where(yte==c)[0][:400] for c in tgt_cls])
remap={c:i for i,c in enumerate(tgt_cls)}
Xs=norm(Xtr[src]); Xl=norm(Xtr[lab]); yl=torch.tensor([remap[c] for c in ytr[lab]]); Xt=norm(Xte[te]); yt=torch.tensor([remap[c] for c in yte[te]])
class AE(nn.Module):
    def __init__(s):
        super().__init__(); s.c1=nn.Conv2d(1,6,5,padding=2); s.c2=nn.Conv2d(6,16,5); s.f1=nn.Linear(400,120); s.f2=nn.Linear(120,84)
        s.d=nn.Linear(84,64*7*7); s.u1=nn.ConvTranspose2d(64,32,4,2,1); s.u2=nn.ConvTranspose2d(32,1,4,2,1)
    def enc(s,x):
        h1=F.max_pool2d(F.relu(s.c1(x)),2); h2=F.max_pool2d(F.relu(s.c2(h1)),2); f1=F.relu(s.f1(h2.flatten(1))); f2=F.relu(s.f2(f1))
        return {'conv2':h2.flatten(1),'fc1':f1,'fc2':f2}
    def forward(s,x):
        z=s.enc(x)['fc2']; h=F.relu(s.d(z)).view(-1,64,7,7); return torch.tanh(s.u2(F.relu(s.u1(h))))
ae=AE(); opt=torch.optim.Adam(ae.parameters(),1e-3); t=time.time()
for ep in range(5):
    perm=torch.randperm(len(Xs)); tot=0
    for i in range(0,len(Xs),64):
        x=Xs[perm[i:i+64]]; r=ae(x+0.3*torch.randn_like(x)); loss=F.mse_loss(r,x); opt.zero_grad(); loss.backward(); opt.step(); tot+=loss.item()*len(x)
print(f'seed {seed} AE rec {tot/len(Xs):.4f} ({time.time()-t:.0f}s)')
def lr_fit(Ftr,ytr_,Fte,yte_,l2=1e-3):
    if STANDARDISE:
        mu=Ftr.mean(0); sd=Ftr.std(0)+1e-6
    else:
        mu=0; sd=1  # raw features, as the engine
    A=(Ftr-mu)/sd; B=(Fte-mu)/sd
    W=torch.zeros(A.shape[1],5,requires_grad=True); b=torch.zeros(5,requires_grad=True)
    o=torch.optim.LBFGS([W,b],max_iter=500,line_search_fn='strong_wolfe')
    def cl():
        o.zero_grad(); l=F.cross_entropy(A@W+b,ytr_)+0.5*l2*(W**2).sum(); l.backward(); return l
    o.step(cl); return ((B@W+b).argmax(1)==yte_).float().mean().item()
with torch.no_grad():
    El=ae.enc(Xl); Et=ae.enc(Xt)
res={'pixels':lr_fit(Xl.flatten(1),yl,Xt.flatten(1),yt)}
for k in ('conv2','fc1','fc2'): res['ae_'+k]=lr_fit(El[k],yl,Et[k],yt)
print('seed',seed,' '.join(f'{k}={v*100:.1f}' for k,v in res.items()))
