"""Runs every ```python block of docs/python.md, in order, from the repository
root, with `kg serve` (the binary given as argv[1]) serving exports/ on port
7878 for the blocks that query it. Exit 0 when all ran; a block that fails
is named with its text. Exit 3 when a needed package is missing."""
import importlib.util, pathlib, re, socket, subprocess, sys, time

ROOT = pathlib.Path(__file__).resolve().parents[2]
NEEDED = ["pandas", "networkx", "rdflib"]


def blocks(path):
    return re.findall(r"```python\n(.*?)```", path.read_text(), re.S)


def wait_for(port, seconds=20):
    end = time.time() + seconds
    while time.time() < end:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        except OSError:
            time.sleep(0.1)
    return False


def main():
    missing = [m for m in NEEDED if importlib.util.find_spec(m) is None]
    if missing:
        print("missing python packages: " + ", ".join(missing), file=sys.stderr)
        return 3
    kg = sys.argv[1]
    server = subprocess.Popen([kg, "serve", "--exports", "exports", "--port", "7878"], cwd=ROOT)
    try:
        if not wait_for(7878):
            print("kg serve did not start on port 7878", file=sys.stderr)
            return 1
        found = blocks(ROOT / "docs" / "python.md")
        assert len(found) >= 4, "docs/python.md lost its snippets"
        for i, code in enumerate(found, 1):
            print(f"-- docs/python.md snippet {i}", flush=True)
            try:
                exec(compile(code, f"docs/python.md snippet {i}", "exec"), {})
            except Exception:
                print(f"snippet {i} failed:\n{code}", file=sys.stderr)
                raise
    finally:
        server.terminate()
        server.wait()
    return 0


if __name__ == "__main__":
    import os
    os.chdir(ROOT)
    sys.exit(main())
