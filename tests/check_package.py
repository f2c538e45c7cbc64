#!/usr/bin/env python3
"""Builds the Debian package from a copy of the source tree
(dpkg-buildpackage -b -us -uc), checks it with lintian (no error), checks
that it ships no copies of the faces but depends on Debian's font
packages (whose directories the packaged jianbao searches), then unpacks it (dpkg-deb -x) and renders the sample
with the unpacked jianbao: the PDF must be the one the build tree writes.
Usage: check_package.py JIANBAO SOURCE_ROOT [KEEP_DIR]"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

FONT_PACKAGES = ("fonts-noto-cjk", "fonts-lxgw-wenkai", "fonts-arphic-uming")
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
        print("FAIL:", what)


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, **kw)


def copy_source(root, dest):
    def ignore(directory, names):
        top = os.path.samefile(directory, root)
        return [n for n in names if n == ".git" or (top and (n.startswith("build") or n == "out"))]
    shutil.copytree(root, dest, ignore=ignore, symlinks=True)


def main():
    jianbao, root = sys.argv[1], os.path.abspath(sys.argv[2])
    with tempfile.TemporaryDirectory() as tmp:
        source = os.path.join(tmp, "jianbao")
        copy_source(root, source)
        r = run(["dpkg-buildpackage", "-b", "-us", "-uc"], cwd=source)
        if r.returncode != 0:
            print(r.stdout[-4000:], r.stderr[-4000:])
            check(False, "dpkg-buildpackage failed")
            return 1
        debs = [f for f in os.listdir(tmp) if re.fullmatch(r"jianbao_[^_]+_[a-z0-9]+\.deb", f)]
        check(len(debs) == 1, f"expected one jianbao_*.deb, found {debs}")
        deb = os.path.join(tmp, debs[0])
        print("built", debs[0])

        r = run(["lintian", "--no-tag-display-limit", "--info", "--pedantic", deb])
        print(r.stdout.strip() or "lintian: no tags")
        errors = [l for l in r.stdout.splitlines() if l.startswith("E:")]
        check(not errors, f"lintian reports {len(errors)} errors")

        depends = run(["dpkg-deb", "-f", deb, "Depends"]).stdout
        for p in FONT_PACKAGES:
            check(p in depends, f"the package does not depend on {p}")
        listing = run(["dpkg-deb", "-c", deb]).stdout.splitlines()
        faces = [l for l in listing if re.search(r"\.(ttc|ttf|otf)$", l) and not l.startswith("l")]
        check(not faces, f"the package ships copies of faces: {faces}")

        unpacked = os.path.join(tmp, "root")
        run(["dpkg-deb", "-x", deb, unpacked], check=True)
        # The faces the templates name are Debian's, byte for byte the bundled ones.
        for face in sorted(os.listdir(os.path.join(root, "fonts"))):
            if face.endswith((".ttc", ".ttf")):
                found = run(["find", "/usr/share/fonts", "-name", face]).stdout.split()
                same = [f for f in found if open(f, "rb").read() ==
                        open(os.path.join(root, "fonts", face), "rb").read()]
                print(f"fonts/{face}: {'the same as ' + same[0] if same else 'differs from ' + str(found)}")
        sample = os.path.join(root, "input/shuangpai-2022-08.yaml")
        ours, theirs = os.path.join(tmp, "build-tree.pdf"), os.path.join(tmp, "package.pdf")
        run([jianbao, "-o", ours, sample], check=True)
        env = {k: v for k, v in os.environ.items() if k != "JIANBAO_DATA_DIR"}
        r = run([os.path.join(unpacked, "usr/bin/jianbao"), "-o", theirs, sample], env=env)
        check(r.returncode == 0, f"the unpacked jianbao: {r.returncode} {r.stderr}")
        if r.returncode == 0:
            same = open(ours, "rb").read() == open(theirs, "rb").read()
            check(same, "the unpacked package's PDF differs from the build tree's "
                        "(do the font packages hold other versions of the faces?)")
        # The spreadsheet readers and the OFD writer are a module the package
        # holds and the unpacked binary finds beside itself.
        check(any(l.endswith("/jianbao/jianbao-packages.so") for l in listing),
              "the package does not hold jianbao-packages.so")
        for name, args in (("sample.ofd", ["--format", "ofd", sample]),
                           ("funds.pdf", [os.path.join(root, "input/jiangyong-funds-2023-03.yaml")])):
            out = os.path.join(tmp, name)
            r = run([os.path.join(unpacked, "usr/bin/jianbao"), "-o", out] + args, env=env)
            check(r.returncode == 0, f"the unpacked jianbao {args[0]}: {r.returncode} {r.stderr}")
        if len(sys.argv) > 3:
            shutil.copy(deb, sys.argv[3])
    print("package:", "FAILED" if failures else "all checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
