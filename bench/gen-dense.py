#!/usr/bin/env python3
"""Generated keyword-dense corpora (everything random from SEED; no key in them is real).

  gen-dense.py history COMMITS SEED > stream   a git fast-import stream: sources that say secret, session, token
                                               and AccessKey on most lines (as a secret scanner's own sources or an
                                               identity service's do) and npm lock files full of base64
                                               `integrity` hashes; each commit edits one to three files
  gen-dense.py log MB SEED > access.log        an access log of presigned S3 URLs: an ASIA key ID and a
                                               600-character session token on every line (as S3, CloudFront and
                                               proxy logs and HAR files hold them)
"""
import base64
import random
import sys

BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
IDENTS = ["secret", "secretKey", "session", "sessionToken", "token", "AccessKey", "accessKeyId", "SecretAccessKey",
          "secretsManager", "sessionName", "tokenCache", "awsAccessKey", "SessionCredentials", "tokenRefresh"]


def key_id(r, prefix):
    return prefix + r.choice(BASE32.replace("I", "").replace("J", "")) + "".join(r.choice(BASE32) for _ in range(15))


def b64(r, n):
    return base64.b64encode(r.randbytes(n * 3 // 4 + 3)).decode()[:n]


def source_line(r):
    a, b, c = r.choice(IDENTS), r.choice(IDENTS), r.choice(IDENTS)
    k = r.randrange(8)
    if k == 0:
        return '    private final String %s = config.get("%s.%s");' % (a, b.lower(), c)
    if k == 1:
        return '    // The %s is checked against the %s before the %s is refreshed.' % (a, b, c)
    if k == 2:
        return '    if (%s.isExpired()) { %s = %s.renew(%s); }' % (a, b, c, a)
    if k == 3:
        return '    assertThat(scan("%s = " + %s)).hasSize(1); // %s' % (a.lower(), b, c)
    if k == 4:
        return '    log.debug("%s for %s: {}", redact(%s));' % (a, b, c)
    if k == 5:
        return '    String %s%d = "%s";' % (a, r.randrange(100), b64(r, r.randint(8, 30)))
    if k == 6:
        return '    }'
    return '    return new %s(%s, %s);' % (a[0].upper() + a[1:], b, c)


def source(r, n):
    return ["package dev.example.secrets;", "", "/** Reads the %s, %s and %s of a session. */" % tuple(
        r.sample(IDENTS, 3)), "final class Secrets%d {" % n] + [source_line(r) for _ in range(r.randint(80, 900))] + ["}"]


def lock_entry(r, i):
    name = "pkg-%d-%s" % (i, r.choice(["token", "session", "secret-store", "access-key", "util"]))
    return ['    "node_modules/%s": {' % name, '      "version": "%d.%d.%d",' % (
        r.randrange(9), r.randrange(20), r.randrange(30)),
            '      "resolved": "https://registry.npmjs.org/%s/-/%s-1.0.0.tgz",' % (name, name),
            '      "integrity": "sha512-%s==",' % b64(r, 86), '      "dev": true', '    },']


def history(commits, seed):
    r = random.Random(seed)
    out = sys.stdout.buffer
    files = {}
    for i in range(400):
        files["src/main/java/dev/example/secrets/Secrets%d.java" % i] = source(r, i)
    locks = []
    for i in range(6):
        p = "web/app%d/package-lock.json" % i
        lines = ["{", '  "lockfileVersion": 3,', '  "packages": {']
        for k in range(r.randint(800, 3000)):
            lines += lock_entry(r, k)
        files[p] = lines + ["  }", "}"]
        locks.append(p)
    paths = sorted(files)
    when = 1_500_000_000

    def put(ops, p):
        b = "\n".join(files[p]).encode()
        ops.append(b"M 100644 inline %s\ndata %d\n" % (p.encode(), len(b)) + b + b"\n")

    ops = []
    for p in paths:
        put(ops, p)
    for n in range(1, commits + 1):
        if n > 1:
            ops = []
            for _ in range(r.randint(1, 3)):
                p = r.choice(locks) if r.random() < 0.08 else r.choice(paths)
                lines = files[p]
                at = r.randrange(3, len(lines) - 2)
                if p in locks:
                    lines[at:at] = lock_entry(r, 10000 + n)
                else:
                    lines.insert(at, source_line(r))
                put(ops, p)
        when += r.randint(60, 3600)
        msg = b"Change %d" % n
        out.write(b"commit refs/heads/main\nauthor Dev <dev@example.test> %d +0000\n"
                  b"committer Dev <dev@example.test> %d +0000\ndata %d\n%s\n" % (when, when, len(msg), msg))
        for op in ops:
            out.write(op)
    out.write(b"done\n")


def log(mb, seed):
    r = random.Random(seed)
    out = sys.stdout.buffer
    size, i = 0, 0
    while size < mb * 1024 * 1024:
        i += 1
        token = ("IQoJb3JpZ2luX2Vj" + b64(r, 584)).replace("/", "%2F").replace("+", "%2B")
        line = ("10.%d.%d.%d - - [03/Dec/2026:10:%02d:%02d +0000] \"GET https://bucket-%d.s3.amazonaws.com/data/obj%d"
                "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=%s%%2F20261203%%2Fus-east-1%%2Fs3%%2Faws4_request"
                "&X-Amz-Date=20261203T100000Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Security-Token=%s"
                "&X-Amz-Signature=%064x HTTP/1.1\" 200 %d \"-\" \"aws-sdk-java/2.20\"\n") % (
            r.randrange(256), r.randrange(256), r.randrange(256), r.randrange(60), r.randrange(60), r.randrange(50),
            i, key_id(r, "ASIA"), token, r.getrandbits(256), r.randrange(100, 10 ** 7))
        out.write(line.encode())
        size += len(line)


if __name__ == "__main__":
    if sys.argv[1] == "history":
        history(int(sys.argv[2]), int(sys.argv[3]))
    else:
        log(int(sys.argv[2]), int(sys.argv[3]))
