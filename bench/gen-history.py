#!/usr/bin/env python3
"""Writes a git fast-import stream of a generated history over a source tree, to standard output.

Usage: gen-history.py SOURCE_DIR COMMITS SEED > stream  (then: git fast-import --quiet < stream)

The first commit imports SOURCE_DIR whole; each later commit edits 1 to 3 of its files (a line inserted, deleted
or changed), so the history has COMMITS commits and about 2 * COMMITS extra blobs. A few commits add a credentials
file holding a generated AWS key ID and secret (random from SEED, never real) and a later commit deletes it; the key
IDs are printed to standard error as 'planted KEYID'.
"""
import os
import random
import sys

BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def key_id(r):
    body = r.choice(BASE32.replace("I", "").replace("J", "")) + "".join(r.choice(BASE32) for _ in range(15))
    return "AKIA" + body


def secret(r):
    while True:
        s = "".join(r.choice(BASE64) for _ in range(40))
        if any(c.isupper() for c in s) and any(c.islower() for c in s) and any(c.isdigit() for c in s):
            return s


def main():
    src, commits, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    r = random.Random(seed)
    out = sys.stdout.buffer
    files = []
    for d, dirs, names in os.walk(src):
        dirs.sort()
        for n in sorted(names):
            p = os.path.join(d, n)
            if os.path.isfile(p) and not os.path.islink(p):
                files.append(os.path.relpath(p, src))
    editable = [f for f in files if f.endswith(".java") and os.path.getsize(os.path.join(src, f)) < 64 * 1024]
    content = {}
    when = 1_500_000_000
    mark = 0

    def data(b):
        out.write(b"data %d\n" % len(b))
        out.write(b)
        out.write(b"\n")

    def commit(msg, ops):
        nonlocal when, mark
        when += r.randint(60, 7200)
        mark += 1
        author = "Dev %d <dev%d@example.test>" % (r.randint(1, 40), r.randint(1, 40))
        out.write(b"commit refs/heads/main\nmark :%d\n" % mark)
        out.write(b"author %s %d +0000\ncommitter %s %d +0000\n" % (author.encode(), when, author.encode(), when))
        data(msg.encode())
        for op in ops:
            out.write(op)

    ops = []
    for f in files:
        with open(os.path.join(src, f), "rb") as fh:
            b = fh.read()
        ops.append(b"M 100644 inline %s\n" % f.encode())
        ops.append(b"data %d\n" % len(b) + b + b"\n")
    commit("Import sources", ops)

    plant_at = set(r.sample(range(2, commits), 6))
    planted = {}
    for n in range(2, commits + 1):
        ops = []
        if n in plant_at:
            path = "deploy/credentials-%d.properties" % n
            kid = key_id(r)
            body = "# deploy settings\naws_access_key_id=%s\naws_secret_access_key=%s\nregion=eu-west-1\n" % (
                kid, secret(r))
            planted[n + r.randint(5, 500)] = path
            ops.append(b"M 100644 inline %s\n" % path.encode())
            ops.append(b"data %d\n" % len(body) + body.encode() + b"\n")
            print("planted", kid, file=sys.stderr)
        if n in planted:
            ops.append(b"D %s\n" % planted.pop(n).encode())
        for f in r.sample(editable, r.randint(1, 3)):
            if f not in content:
                with open(os.path.join(src, f), "rb") as fh:
                    content[f] = fh.read().split(b"\n")
            lines = content[f]
            at = r.randrange(len(lines))
            kind = r.randrange(3)
            if kind == 0 or len(lines) < 3:
                lines.insert(at, b"    // change %d: keep %08x in step with its caller" % (n, r.getrandbits(32)))
            elif kind == 1:
                del lines[at]
            else:
                lines[at] = lines[at] + b" // %d" % n
            b = b"\n".join(lines)
            ops.append(b"M 100644 inline %s\n" % f.encode())
            ops.append(b"data %d\n" % len(b) + b + b"\n")
        commit("Change %d" % n, ops)
    out.write(b"done\n")


if __name__ == "__main__":
    main()
