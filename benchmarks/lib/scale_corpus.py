"""Write an N-times copy of a JSON Lines corpus directory.

Each input file becomes one output file of the same name holding N copies of
every release, copy k with "-c<k>" appended to its id (k = 0..N-1); titles and
bodies are unchanged. Streams line by line; an existing complete output (same
line count marker) is reused.

usage: scale_corpus.py SRC_DIR DEST_DIR N
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    src, dest, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    marker = os.path.normpath(dest) + ".complete"  # beside, not inside, the corpus
    if os.path.exists(marker):
        with open(marker) as f:
            if f.read().strip() == f"{os.path.abspath(src)} x{n}":
                print(f"{dest}: reusing existing {n}x corpus", file=sys.stderr)
                return
    os.makedirs(dest, exist_ok=True)
    total = 0
    for path in benchlib.corpus_files(src):
        out = os.path.join(dest, os.path.basename(path))
        with open(out + ".tmp", "w", encoding="utf-8") as w:
            for k in range(n):
                with open(path, encoding="utf-8") as f:
                    for line in f:
                        if not line.strip():
                            continue
                        r = json.loads(line)
                        r["id"] = f"{r['id']}-c{k}"
                        w.write(json.dumps(r, ensure_ascii=False) + "\n")
                        total += 1
        os.replace(out + ".tmp", out)
    with open(marker, "w") as f:
        f.write(f"{os.path.abspath(src)} x{n}\n")
    print(f"{dest}: wrote {total} releases ({n}x)", file=sys.stderr)


if __name__ == "__main__":
    main()
