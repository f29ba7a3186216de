#!/usr/bin/env python3
"""bench/circuit_scipy.py PREFIX [--four] — the scipy peer of bench_circuit.

Reads PREFIX.f64 (raw doubles, square raster, NAN = no data, resistances),
PREFIX_focal.txt ("id row col") and PREFIX_res.txt (jointenv's resistance matrix), builds
the same graph by Circuitscape's rules (cells with no data or value <= 0 removed;
conductance c = 1/r; edges to E, S (and SE, SW unless --four); edge conductance
(c_a + c_b)/2, diagonals divided by sqrt 2), grounds the first focal node of the
component, factors the reduced Laplacian ONCE with scipy.sparse.linalg.splu (SuperLU;
scipy has no sparse Cholesky) and solves one right-hand side per other focal node:
R(a, b) = X_a[a] + X_b[b] - 2 X_a[b]. Pairs in different components are -1.

Prints key=value lines: wall seconds (build, factor, solves), peak RSS, and the largest
relative difference from jointenv's matrix. Needs Debian python3-scipy (/usr/bin/python3).
"""
import resource
import sys
import time

import numpy as np
import scipy.sparse as sp
import scipy.sparse.csgraph as csg
import scipy.sparse.linalg as sla


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    prefix = sys.argv[1]
    four = "--four" in sys.argv[2:]
    t0 = time.perf_counter()
    h = np.fromfile(prefix + ".f64", dtype="<f8")
    side = int(round(len(h) ** 0.5))
    h = h.reshape(side, side)
    focal = np.loadtxt(prefix + "_focal.txt", dtype=np.int64, ndmin=2)
    ours = np.loadtxt(prefix + "_res.txt", ndmin=2)
    valid = np.isfinite(h) & (h > 0)
    node = -np.ones(h.shape, dtype=np.int64)
    node[valid] = np.arange(valid.sum())
    n = int(valid.sum())
    c = np.where(valid, 1.0 / np.where(valid, h, 1.0), 0.0)
    rows, cols, vals = [], [], []
    shifts = [(0, 1, 1.0), (1, 0, 1.0)]
    if not four:
        shifts += [(1, 1, 2 ** -0.5), (1, -1, 2 ** -0.5)]
    for dr, dc, w in shifts:
        r0, r1 = 0, side - dr
        if dc >= 0:
            a = (slice(r0, r1), slice(0, side - dc))
            b = (slice(r0 + dr, r1 + dr), slice(dc, side))
        else:
            a = (slice(r0, r1), slice(-dc, side))
            b = (slice(r0 + dr, r1 + dr), slice(0, side + dc))
        ok = valid[a] & valid[b]
        rows.append(node[a][ok])
        cols.append(node[b][ok])
        vals.append((c[a][ok] + c[b][ok]) / 2 * w)
    i = np.concatenate(rows)
    j = np.concatenate(cols)
    g = np.concatenate(vals)
    A = sp.coo_matrix((np.concatenate([g, g]), (np.concatenate([i, j]), np.concatenate([j, i]))),
                      shape=(n, n)).tocsr()
    L = sp.diags(np.asarray(A.sum(axis=1)).ravel()) - A
    ncomp, label = csg.connected_components(A, directed=False)
    fnode = np.array([node[r, cc] for _, r, cc in focal])
    t1 = time.perf_counter()
    k = len(fnode)
    R = -np.ones((k, k))
    np.fill_diagonal(R, 0)
    t_fact = t_solve = 0.0
    for comp in sorted(set(label[fnode[fnode >= 0]])):
        members = [q for q in range(k) if fnode[q] >= 0 and label[fnode[q]] == comp]
        idx = np.flatnonzero(label == comp)
        g0 = fnode[members[0]]
        keep = idx[idx != g0]
        pos = -np.ones(n, dtype=np.int64)
        pos[keep] = np.arange(len(keep))
        Lr = L[keep][:, keep].tocsc()
        ta = time.perf_counter()
        lu = sla.splu(Lr, permc_spec="MMD_AT_PLUS_A")
        tb = time.perf_counter()
        B = np.zeros((len(keep), len(members) - 1))
        for t, q in enumerate(members[1:]):
            B[pos[fnode[q]], t] = 1.0
        X = lu.solve(B)
        tc = time.perf_counter()
        t_fact += tb - ta
        t_solve += tc - tb

        def volt(col, u):
            return 0.0 if col == 0 else X[pos[u], col - 1]

        for x, qa in enumerate(members):
            for y, qb in enumerate(members):
                if x < y:
                    a, b = fnode[qa], fnode[qb]
                    R[qa, qb] = R[qb, qa] = volt(x, a) + volt(y, b) - 2 * volt(x, b)
    t2 = time.perf_counter()
    both = (R >= 0) & (ours >= 0)
    rel = np.abs(R - ours)[both] / np.maximum(np.abs(ours[both]), 1e-300)
    same_unreach = bool(np.all((R < 0) == (ours < 0)))
    print(f"nodes={n}\ncomponents={ncomp}\nbuild_s={t1 - t0:.3f}\nfactor_s={t_fact:.3f}\n"
          f"solve_s={t_solve:.3f}\nwall_s={t2 - t0:.3f}\n"
          f"maxrss_mb={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f}\n"
          f"max_rel_diff={rel.max() if rel.size else 0:.3e}\nsame_unreachable={same_unreach}")


if __name__ == "__main__":
    main()
