#!/usr/bin/env python3
"""meson install into two prefixes (DESTDIR), one of them moved afterwards:
each installed jianbao finds its own data (templates, faces, profile) beside
itself and renders the sample to the same bytes as the build tree's binary;
JIANBAO_DATA_DIR overrides where the data is; man pages, schemas and the
bash completion are installed; the module of spreadsheet readers and the
OFD writer is installed and found, loaded only by runs that need it, and its
absence is a plain message. Usage: check_install.py JIANBAO BUILD_DIR SOURCE_ROOT"""
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


def loaded(binary, args, **kw):
    """The shared objects a run loads (glibc's LD_DEBUG=files), and the run."""
    env = dict(kw.pop("env", {}), LD_DEBUG="files")
    r = run([binary] + args, env=env, **kw)
    return {l.split("file=")[1].split()[0] for l in r.stderr.splitlines() if "file=" in l}, r


def loaders(stderr):
    """The processes (pids, from LD_DEBUG's prefixes) that loaded the module."""
    return {l.split(":")[0].strip() for l in stderr.splitlines()
            if "jianbao-packages.so" in l and "generating link map" in l}


def check_module(jianbao, root, tmp, label, funds_reference, ofd_reference):
    """The module is found, gives the build tree's bytes, and is loaded only when needed."""
    sample = os.path.join(root, "input/shuangpai-2022-08.yaml")
    funds = os.path.join(root, "input/jiangyong-funds-2023-03.yaml")
    pdf_run, r = loaded(jianbao, ["-o", os.path.join(tmp, label + "-plain.pdf"), sample])
    check(r.returncode == 0, f"{label}: {r.stderr[-500:]}")
    heavy = {l for l in pdf_run if l.startswith(("libzip", "libxml2", "jianbao-packages"))}
    check(not heavy, f"{label}: a run from YAML to PDF loads {sorted(heavy)}")
    # a batch's workers share the module their parent opened
    batch = os.path.join(tmp, label + "-batch")
    _, r = loaded(jianbao, ["-j", "2", "--format", "ofd", "-o", batch, sample,
                            os.path.join(root, "input/taidong-2023-05.yaml")])
    check(r.returncode == 0 and len(loaders(r.stderr)) == 1,
          f"{label}: a batch to OFD opens the module in {len(loaders(r.stderr))} processes")
    for args, reference, what in (([funds], funds_reference, "the spreadsheet"),
                                  (["--format", "ofd", sample], ofd_reference, "OFD")):
        out = os.path.join(tmp, label + "-module-check" + (".ofd" if "ofd" in args else ".pdf"))
        libs, r = loaded(jianbao, ["-o", out] + args)
        check(r.returncode == 0 and any(l.endswith("jianbao-packages.so") for l in libs),
              f"{label}: {what} does not load the module: {r.returncode} {r.stderr[-300:]}")
        check(r.returncode == 0 and open(out, "rb").read() == reference,
              f"{label}: {what} gives other bytes than the build tree's")


def main():
    jianbao, build, root = sys.argv[1:4]
    root = os.path.abspath(root)
    sample = os.path.join(root, "input/shuangpai-2022-08.yaml")
    o = options(build)
    prefix = o["prefix"].lstrip("/")
    with tempfile.TemporaryDirectory() as tmp:
        r, reference = render(jianbao, sample, os.path.join(tmp, "build-tree.pdf"))
        check(r.returncode == 0, f"the build tree's jianbao: {r.stderr}")
        funds_pdf, sample_ofd = os.path.join(tmp, "funds.pdf"), os.path.join(tmp, "sample.ofd")
        run([jianbao, "-o", funds_pdf, os.path.join(root, "input/jiangyong-funds-2023-03.yaml")],
            check=True)
        run([jianbao, "--format", "ofd", "-o", sample_ofd, sample], check=True)
        funds_reference, ofd_reference = open(funds_pdf, "rb").read(), open(sample_ofd, "rb").read()
        check_module(jianbao, root, tmp, "build tree", funds_reference, ofd_reference)
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
                         f"{o['datadir']}/bash-completion/completions/jianbao",
                         f"{o['libdir']}/jianbao/jianbao-packages.so"]:
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
            check_module(binary, root, tmp, label, funds_reference, ofd_reference)
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
        # Without its module it still writes PDF from YAML, and says plainly
        # what is missing when a spreadsheet is to be read.
        module = os.path.join(roots[0], o["libdir"], "jianbao/jianbao-packages.so")
        os.rename(module, module + ".away")
        r, pdf = render(one, sample, os.path.join(tmp, "no-module.pdf"))
        check(r.returncode == 0 and pdf == reference, f"without the module: {r.stderr}")
        r = run([one, "-o", os.path.join(tmp, "no-module-funds.pdf"),
                 os.path.join(root, "input/jiangyong-funds-2023-03.yaml")])
        check(r.returncode == 1 and f"cannot load {module}" in r.stderr and "reinstall" in r.stderr,
              f"without the module, a spreadsheet: {r.returncode} {r.stderr}")
        r = run([one, "-o", os.path.join(tmp, "no-module-funds.pdf"),
                 os.path.join(root, "input/jiangyong-funds-2023-03.yaml")],
                env={"LANG": "zh_CN.UTF-8", "LC_ALL": "", "LANGUAGE": ""})
        check(r.returncode == 1 and f"无法加载 {module}" in r.stderr and "请重新安装" in r.stderr,
              f"without the module, in Chinese: {r.returncode} {r.stderr}")
        os.rename(module + ".away", module)
    print("install:", "FAILED" if failures else "all checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
