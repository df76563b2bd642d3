#!/usr/bin/env python3
"""Doxygen input filter for libsearch's public headers.

The headers document with plain // comments (house style). This filter,
run by Doxygen on each header, turns
  - the opening comment block into the file's documentation (verbatim, so its
    usage example keeps its layout),
  - a // block directly above a declaration into a /// block,
  - a trailing `code;  // note` into `code;  ///< note`.
Lines are never added or removed, so Doxygen's line numbers stay right.
"""
import re
import sys


def main(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    out = []
    i = 0
    # The opening block: becomes @file documentation.
    head = []
    while i < len(lines) and lines[i].startswith("//"):
        head.append(lines[i][2:].rstrip())
        i += 1
    if head:
        name = path.replace("\\", "/").rsplit("/", 1)[-1]
        out.append("/** @file " + name + " @verbatim " + head[0].lstrip())
        for text in head[1:]:
            out.append(text.replace("*/", "* /"))
        out[-1] = out[-1] + " @endverbatim */"
    trailing = re.compile(r"^(\s*[^/\s].*?[;,{]\s*)//\s?(.*)$")
    for line in lines[i:]:
        stripped = line.lstrip()
        if stripped.startswith("//") and not stripped.startswith("///"):
            indent = line[: len(line) - len(stripped)]
            out.append(indent + "/// " + escape(stripped[2:].lstrip()))
            continue
        m = trailing.match(line)
        if m and '"' not in m.group(1):
            out.append(m.group(1) + "///< " + escape(m.group(2)))
            continue
        out.append(line)
    sys.stdout.write("\n".join(out))


def escape(text):
    # Doxygen would read <tag>, @word and \\word as markup.
    return (text.replace("\\", "\\\\").replace("<", "\\<").replace(">", "\\>")
            .replace("@", "\\@").replace("#", "\\#"))


if __name__ == "__main__":
    main(sys.argv[1])
