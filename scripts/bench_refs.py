#!/usr/bin/env python3
"""Benchmark of `flagdeck refs` (not a test): prints figures, asserts nothing.

Stores a snapshot of the emulated fleet (`flagdeck emulator serve --seed SEED` and
`flagdeck scan`), generates a git repository of --files small source files in a temporary
directory (--ref-every'th file mentions a flag key, in one of its spellings), then times:
  refs      `flagdeck refs --format json` (git ls-files, reading, matching, the store)
  git grep  `git grep -n -w -F` with one -e per alias of every key (what a user would run)
and prints both, the ratio and how many lines each found (git grep's -w treats `-` as a
boundary for kebab aliases too, and reads vendored and generated files: with
--gitattributes, refs leaves out the module marked generated and finds fewer).

    FLAGDECK_BIN=.build-release/release/flagdeck python3 scripts/bench_refs.py [--files 100000] [--runs 3]
        [--seed demo] [--ref-every 20] [--gitattributes] [--keep]
"""
import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from bench_scan import flagdeck_binary, fleet_home, start_emulator  # noqa: E402

WORDS = ["order", "cart", "price", "total", "user", "session", "render", "fetch", "client", "config", "value",
         "result", "items", "index", "count", "update", "handler", "request", "response", "token", "amount"]


def words(key):
    """FlagKeyAliases.words: split at _ and -, and where a capital starts a word."""
    out = []
    for part in re.split(r"[_-]+", key):
        if part:
            out += [w.lower() for w in re.findall(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z0-9]+|[A-Z]+[0-9]*", part)]
    return out


def aliases(key):
    if not re.fullmatch(r"[A-Za-z0-9_-]*[A-Za-z0-9][A-Za-z0-9_-]*", key) or key[0] == "-" or key[-1] == "-":
        return []
    w = words(key)
    if not w:
        return [key]
    cap = [x[:1].upper() + x[1:] for x in w]
    found = [key]
    for alias in ["_".join(w), w[0] + "".join(cap[1:]), "".join(cap), "_".join(w).upper(), "-".join(w)]:
        if alias not in found:
            found.append(alias)
    return found


def source_file(rng, mention):
    """~30 lines of plausible code; `mention` (or None) on one of them."""
    lines = []
    for i in range(rng.randint(20, 40)):
        a, b, c = rng.sample(WORDS, 3)
        lines.append(f"    let {a}{i} = {b}.{c}({a}, {rng.randint(0, 999)})  // {b} {c}")
    if mention:
        lines[rng.randrange(len(lines))] = f'    if flags.isEnabled("{mention}") {{ render() }}'
    return "func f() {\n" + "\n".join(lines) + "\n}\n"


def git(repo, *args):
    env = {k: v for k, v in os.environ.items()}
    env.update(GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1")
    subprocess.run(["git", "-C", repo, "-c", "user.name=Bench", "-c", "user.email=bench@example.com",
                    "-c", "commit.gpgsign=false", *args], env=env, check=True, stdout=subprocess.DEVNULL)


def generate(repo, files, keys, ref_every, attributes=False, seed=16):
    rng = random.Random(seed)
    spellings = [a for k in keys for a in aliases(k)]
    os.makedirs(repo)
    git(repo, "init", "-q")
    size = 0
    for n in range(files):
        directory = os.path.join(repo, f"src/module{n // 1000:03d}/pkg{n // 100 % 10}")
        os.makedirs(directory, exist_ok=True)
        text = source_file(rng, rng.choice(spellings) if n % ref_every == 0 else None)
        size += len(text)
        with open(os.path.join(directory, f"file{n}.swift"), "w") as f:
            f.write(text)
    if attributes:
        # Like many repositories: line ends normalised, and one generated module.
        with open(os.path.join(repo, ".gitattributes"), "w") as f:
            f.write("* text=auto\nsrc/module099/** linguist-generated\n")
    start = time.perf_counter()
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "generated")
    return size, time.perf_counter() - start


def timed(command, env, cwd=None):
    start = time.perf_counter()
    result = subprocess.run(command, env=env, cwd=cwd, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                            timeout=1800)
    return time.perf_counter() - start, result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each (median and best reported)")
    parser.add_argument("--seed", default="demo", help="the emulator's fleet, whose flag keys are looked for")
    parser.add_argument("--ref-every", type=int, default=20, help="one file in this many mentions a key")
    parser.add_argument("--gitattributes", action="store_true",
                        help="add a .gitattributes marking one module generated (refs then runs git check-attr)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()

    binary = flagdeck_binary()
    if not os.access(binary, os.X_OK):
        sys.exit(f"flagdeck binary not found at {binary} (set FLAGDECK_BIN)")
    work = tempfile.mkdtemp(prefix="fd-bench-refs-")
    process, endpoint, accounts = start_emulator(binary, args.seed)
    try:
        repo = os.path.join(work, "repo")
        config, env = fleet_home(work, accounts, endpoint, f"codeReferences:\n  - path: {repo}\n")
        env["FLAGDECK_STATE_DIR"] = os.path.join(work, "state")
        _, result = timed([binary, "scan", "--config", config, "--format", "json"], env)
        if result.returncode != 0:
            sys.exit(f"flagdeck scan failed:\n{result.stderr[-2000:]}")
    finally:
        process.terminate()
        process.wait(timeout=30)
    keys = sorted({f["key"] for f in json.loads(result.stdout)["flags"]})
    patterns = sorted({a for k in keys for a in aliases(k)})

    print(f"generating {args.files:,} files ...", flush=True)
    size, add_seconds = generate(repo, args.files, keys, args.ref_every, args.gitattributes)
    print(f"repository: {args.files:,} files, {size / 1e6:.1f} MB, `git add` + commit {add_seconds:.1f} s")
    print(f"keys: {len(keys)} flags, {len(patterns)} spellings")

    refs_times, grep_times = [], []
    refs_count = grep_count = 0
    grep = ["git", "-C", repo, "grep", "-n", "-w", "-F", "-I"] + [x for p in patterns for x in ("-e", p)]
    for _ in range(args.runs):
        seconds, result = timed([binary, "refs", "--config", config, "--format", "json"], env)
        if result.returncode != 0:
            sys.exit(f"flagdeck refs failed ({result.returncode}):\n{result.stderr[-2000:]}")
        refs_times.append(seconds)
        document = json.loads(result.stdout)
        refs_count = len({(r["path"], r["line"]) for f in document["flags"] for r in f["codeReferences"]["files"]})
        seconds, result = timed(grep, env)
        if result.returncode not in (0, 1):
            sys.exit(f"git grep failed:\n{result.stderr[-2000:]}")
        grep_times.append(seconds)
        grep_count = len(result.stdout.splitlines())

    def figures(times):
        return f"median {statistics.median(times):6.2f} s, best {min(times):6.2f} s"

    print(f"flagdeck refs : {figures(refs_times)}  ({refs_count:,} lines with references)")
    print(f"git grep -w -F: {figures(grep_times)}  ({grep_count:,} matching lines)")
    print(f"refs / git grep (median): {statistics.median(refs_times) / statistics.median(grep_times):.2f}")
    if args.keep:
        print(f"kept {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
