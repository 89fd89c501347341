"""Python peers for `samestory-bench`: datasketch and rensa MinHash-LSH, text in, verified
groups out, with the same shingles, signature length and banding as the Rust engines.

Prints one JSON line with the fields of the Rust `Measured` struct.
"""

import argparse
import json
import re
import time

WORD = re.compile(r"\w+")


def status_bytes(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field):
                return int(line.split()[1]) * 1024
    return 0


def load(path, limit):
    texts = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if limit is not None and len(texts) >= limit:
                break
            text = json.loads(line).get("text")
            if isinstance(text, str):
                texts.append(text)
    return texts


def shingles(text, n):
    words = WORD.findall(text.lower())
    return {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}


def groups(n, pairs):
    parent = list(range(n))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return len({find(i) for i in range(n)})


def verify(sets, candidates, threshold):
    pairs = []
    for a, bs in candidates:
        for b in bs:
            if b > a:
                sa, sb = sets[a], sets[b]
                inter = len(sa & sb)
                union = len(sa) + len(sb) - inter
                if union and inter / union >= threshold:
                    pairs.append((a, b))
    return pairs


def run_datasketch(texts, args):
    from datasketch import MinHash, MinHashLSH

    k = args.bands * args.rows
    sets = [shingles(t, args.shingle) for t in texts]
    lsh = MinHashLSH(threshold=args.threshold, num_perm=k, params=(args.bands, args.rows))
    sigs = []
    with lsh.insertion_session() as session:
        for i, s in enumerate(sets):
            m = MinHash(num_perm=k)
            m.update_batch([x.encode("utf-8") for x in s])
            sigs.append(m)
            session.insert(i, m)
    candidates = ((i, lsh.query(m)) for i, m in enumerate(sigs))
    return sets, verify(sets, candidates, args.threshold)


def run_rensa(texts, args):
    from rensa import RMinHash, RMinHashLSH

    k = args.bands * args.rows
    sets = [shingles(t, args.shingle) for t in texts]
    lsh = RMinHashLSH(threshold=args.threshold, num_perm=k, num_bands=args.bands)
    # rensa's bulk API: digests for all sets in one call, keys 0..n.
    sigs = RMinHash.from_token_sets(sets, num_perm=k, seed=42)
    lsh.insert_many(sigs)
    candidates = enumerate(lsh.query_all(sigs))
    return sets, verify(sets, candidates, args.threshold)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--engine", required=True, choices=["datasketch", "rensa"])
    p.add_argument("--input", required=True)
    p.add_argument("--limit", type=int)
    p.add_argument("--bands", type=int, default=16)
    p.add_argument("--rows", type=int, default=8)
    p.add_argument("--shingle", type=int, default=5)
    p.add_argument("--threshold", type=float, default=0.8)
    args = p.parse_args()
    texts = load(args.input, args.limit)
    # Reset the peak resident size so the peak read at the end belongs to the measured work.
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")
    rss_loaded = status_bytes("VmRSS:")
    start = time.perf_counter()
    run = run_datasketch if args.engine == "datasketch" else run_rensa
    sets, pairs = run(texts, args)
    n_groups = groups(len(texts), pairs)
    seconds = time.perf_counter() - start
    print(
        json.dumps(
            {
                "engine": args.engine,
                "threads": 1,
                "articles": len(texts),
                "seconds": seconds,
                "rss_loaded": rss_loaded,
                "rss_peak": status_bytes("VmHWM:"),
                "verified_pairs": len(pairs),
                "groups": n_groups,
            }
        )
    )


if __name__ == "__main__":
    main()
