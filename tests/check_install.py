#!/usr/bin/env python3
"""meson install into two prefixes (DESTDIR), one of them moved afterwards:
each installed jianbao finds its own data (templates, faces, profile) beside
itself and renders the sample to the same bytes as the build tree's binary;
JIANBAO_DATA_DIR overrides where the data is; man pages, schemas and the
bash completion are installed. Usage: check_install.py JIANBAO BUILD_DIR SOURCE_ROOT"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
        print("FAIL:", what)


def run(args, **kw):
    env = {k: v for k, v in os.environ.items() if k != "JIANBAO_DATA_DIR"}
    env.update(kw.pop("env", {}))
    return subprocess.run(args, capture_output=True, text=True, env=env, **kw)


def options(build):
    r = run(["meson", "introspect", "--buildoptions", build], check=True)
    return {o["name"]: o["value"] for o in json.loads(r.stdout)}


def render(binary, sample, out, **kw):
    r = run([binary, "-o", out, sample], **kw)
    return r, open(out, "rb").read() if r.returncode == 0 else None


def main():
    jianbao, build, root = sys.argv[1:4]
    root = os.path.abspath(root)
    sample = os.path.join(root, "input/shuangpai-2022-08.yaml")
    o = options(build)
    prefix = o["prefix"].lstrip("/")
    with tempfile.TemporaryDirectory() as tmp:
        r, reference = render(jianbao, sample, os.path.join(tmp, "build-tree.pdf"))
        check(r.returncode == 0, f"the build tree's jianbao: {r.stderr}")
        roots = []
        for name in ("one", "two"):
            dest = os.path.join(tmp, name)
            r = run(["meson", "install", "-C", build, "--no-rebuild", "--quiet", "--destdir", dest])
            check(r.returncode == 0, f"meson install: {r.stdout}{r.stderr}")
            roots.append(os.path.join(dest, prefix))
        # The second prefix moves after installing.
        moved = os.path.join(tmp, "two/opt/jianbao")  # as if the prefix were /opt/jianbao
        os.makedirs(os.path.dirname(moved))
        shutil.move(roots[1], moved)
        roots[1] = moved

        data = lambda r: os.path.join(r, o["datadir"], "jianbao")
        for r_ in roots:
            for path in [f"{o['bindir']}/jianbao",
                         f"{o['datadir']}/jianbao/templates/bulletin.yaml",
                         f"{o['datadir']}/jianbao/templates/gbt9704.yaml",
                         f"{o['datadir']}/jianbao/templates/article.yaml",
                         f"{o['datadir']}/jianbao/profiles/sRGB.icc",
                         f"{o['datadir']}/jianbao/schema/jianbao-input.schema.json",
                         f"{o['datadir']}/jianbao/schema/jianbao-template.schema.json",
                         f"{o['mandir']}/man1/jianbao.1", f"{o['mandir']}/man5/jianbao-input.5",
                         f"{o['mandir']}/zh_CN/man1/jianbao.1",
                         f"{o['mandir']}/zh_CN/man5/jianbao-input.5",
                         f"{o['datadir']}/bash-completion/completions/jianbao"]:
                check(os.path.exists(os.path.join(r_, path)), f"not installed: {path}")
            if o["bundled_fonts"]:
                for face in os.listdir(os.path.join(root, "fonts")):  # faces and licences
                    check(os.path.exists(os.path.join(data(r_), "fonts", face)),
                          f"not installed: fonts/{face}")

        for label, r_ in zip(("installed", "moved"), roots):
            binary = os.path.join(r_, o["bindir"], "jianbao")
            out = os.path.join(tmp, label + ".pdf")
            r, pdf = render(binary, sample, out, cwd=tmp)
            check(r.returncode == 0, f"{label} jianbao: {r.stderr}")
            check(pdf == reference, f"{label} jianbao's PDF differs from the build tree's")
            help_text = run([binary, "--help"]).stdout
            check(os.path.realpath(data(r_)) in os.path.realpath(help_text.split("(now ")[1].split(")")[0]),
                  f"{label} jianbao --help names another data directory")
            # The starter names the installed schema, which is there.
            starter = os.path.join(tmp, label + "-new.yaml")
            run([binary, "--new", starter], check=True)
            first = open(starter, encoding="utf-8").readline()
            schema = first.split("$schema=")[1].strip()
            check(os.path.exists(schema) and
                  os.path.samefile(schema, os.path.join(data(r_), "schema/jianbao-input.schema.json")),
                  f"{label}: the starter names {schema}")
            # Completion lists the templates beside the jianbao on PATH.
            r = run(["bash", os.path.join(root, "tests/check_completion.sh"), root,
                     os.path.dirname(binary)])
            check(r.returncode == 0, f"{label}: completion: {r.stdout}")

        # It reads its own data, not the source tree's: without its profile it fails.
        one = os.path.join(roots[0], o["bindir"], "jianbao")
        profile = os.path.join(data(roots[0]), "profiles/sRGB.icc")
        os.rename(profile, profile + ".away")
        r, _ = render(one, sample, os.path.join(tmp, "no-profile.pdf"))
        check(r.returncode == 3 and profile in r.stderr,
              f"without its profile the installed jianbao says: {r.stderr}")
        # JIANBAO_DATA_DIR overrides: the moved prefix's data serves the first binary.
        r, pdf = render(one, sample, os.path.join(tmp, "override.pdf"),
                        env={"JIANBAO_DATA_DIR": data(roots[1])})
        check(r.returncode == 0 and pdf == reference, f"JIANBAO_DATA_DIR: {r.stderr}")
        r, _ = render(one, sample, os.path.join(tmp, "nowhere.pdf"),
                      env={"JIANBAO_DATA_DIR": os.path.join(tmp, "nowhere")})
        check(r.returncode == 3 and os.path.join(tmp, "nowhere") in r.stderr,
              f"JIANBAO_DATA_DIR naming no directory: {r.stderr}")
        os.rename(profile + ".away", profile)
    print("install:", "FAILED" if failures else "all checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
