#!/usr/bin/env bash
# Near-duplicate detection, samestory against gaoya (Rust), datasketch and rensa (Python), on
# the same articles. Usage: bench/copies.sh [ARTICLES.jsonl] [LIMIT]
# Without ARTICLES, extracts the Telegram contest pages from ../shared (unpacked under target/).
set -euo pipefail
cd "$(dirname "$0")/.."

venv=.venv-bench
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet "datasketch==2.0.*" "rensa==0.5.*"
fi
cargo build --release --locked -p samestory -p samestory-bench

input=${1:-}
if [ -z "$input" ]; then
    pages=target/bench-data/telegram
    if [ ! -d "$pages" ]; then
        mkdir -p "$pages"
        tar --zstd -xf ../shared/data/corpora/telegram-dcc-2019-pages.tar.zst -C "$pages"
    fi
    input=target/bench-data/telegram.jsonl
    [ -s "$input" ] || ./target/release/samestory extract "$pages" > "$input" 2>/dev/null
fi
limit=()
[ -n "${2:-}" ] && limit=(--limit "$2")
./target/release/samestory-bench --input "$input" "${limit[@]}" --python "$venv/bin/python"
