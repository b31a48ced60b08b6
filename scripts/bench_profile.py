#!/usr/bin/env python3
"""bench_profile.py: where the bench's timed batches spend their cycles (AVR) or
instructions (Cortex-M), function by function. scripts/bench-profile.sh builds the firmware
(bench_main.c with BENCH_PROFILE=1) and calls this; method in docs/performance.md.

  bench_profile.py --board atmega1284p --elf bench.elf --nm avr-nm --tracer avr_trace
  bench_profile.py --board mps2-an386  --elf bench.elf --nm arm-none-eabi-nm

The firmware runs once in an instruction tracer: libsimavr through avr_trace (every
instruction's address and cycles) or qemu-system-arm -singlestep -d exec,nochain under
-icount shift=0 (every instruction's address, one instruction each). A timed region is what
runs between the return of timer_start() and the call of timer_stop(), exactly the code
the bench's timer measures. Each region is classified by the calls it makes (bench_on_complete:
wake; hsx_mbx_open: open_close; 4 recvs per send (calls of hsx_mbx__send_fast and
hsx_mbx__recv_fast, or of the general hsx_mbx_send/recv): fanout4; 1 recv per send: pair; no
mailbox call: the empty loop of the batch before it). Per operation, each function's self
cost is its total over the batches divided by the number of operations (sends; opens for
open_close); the bench loop's own cost has the empty loop subtracted, so the column sums to
the bench's per_op figure.
"""
import argparse
import bisect
import collections
import os
import re
import struct
import subprocess
import sys
import tempfile

OPS = ("pair", "fanout4", "open_close", "wake")


def die(msg):
    print("bench_profile: " + msg, file=sys.stderr)
    sys.exit(1)


class Symbols:
    """Function symbols of an ELF (nm -n -S), address -> name."""

    def __init__(self, nm, elf):
        out = subprocess.run([nm, "-n", "-S", "--defined-only", elf],
                             capture_output=True, text=True, check=True).stdout
        by_addr = {}
        for line in out.splitlines():
            parts = line.split()
            if len(parts) == 4:
                addr, size, kind, name = parts
            elif len(parts) == 3:
                addr, kind, name = parts
                size = None
            else:
                continue
            if kind not in "TtWw" or name.startswith(("$", ".")) or (size is None and kind in "Ww"):
                continue
            a = int(addr, 16) & ~1  # Thumb functions carry bit 0
            old = by_addr.get(a)
            if old is None or (old[0] is None and size is not None):
                by_addr[a] = (int(size, 16) if size else None, name)
        self.starts = sorted(by_addr)
        self.info = [by_addr[a] for a in self.starts]
        self.addr = {name: a for a, (_, name) in by_addr.items()}

    def start(self, name):
        if name not in self.addr:
            die("no symbol %s in the firmware (built without BENCH_PROFILE=1?)" % name)
        return self.addr[name]

    def any_of(self, *names):
        """Start addresses of those of names the firmware has (at least one)."""
        found = [self.addr[n] for n in names if n in self.addr]
        if not found:
            die("none of %s in the firmware" % ", ".join(names))
        return found

    def end(self, name):
        a = self.start(name)
        size = self.info[self.starts.index(a)][0]
        return a + (size or 2)

    def name(self, pc):
        i = bisect.bisect_right(self.starts, pc) - 1
        if i < 0:
            return "?"
        size, name = self.info[i]
        if size is not None and pc >= self.starts[i] + size:
            return "?"
        return name


def avr_stream(tracer, elf, console):
    """(pc, cycles) per instruction from avr_trace (libsimavr)."""
    p = subprocess.Popen([tracer, "atmega1284p", "16000000", elf],
                         stdout=subprocess.PIPE, stderr=console)
    rec = struct.Struct("<II")
    rest = b""
    while True:
        chunk = p.stdout.read(rec.size * 8192)
        if not chunk:
            break
        chunk = rest + chunk
        whole = len(chunk) - len(chunk) % rec.size
        rest = chunk[whole:]
        yield from rec.iter_unpack(chunk[:whole])
    if p.wait() != 0:
        die("avr_trace exited %d" % p.returncode)


def qemu_stream(elf, console):
    """(pc, 1) per instruction from qemu-system-arm's exec log, one instruction per block."""
    with tempfile.TemporaryDirectory() as tmp:
        fifo = os.path.join(tmp, "exec.log")
        os.mkfifo(fifo)
        cmd = ["qemu-system-arm", "-M", "mps2-an386", "-nographic", "-monitor", "none",
               "-serial", "none", "-semihosting", "-icount", "shift=0", "-singlestep",
               "-d", "exec,nochain", "-D", fifo, "-kernel", elf]
        p = subprocess.Popen(cmd, stdout=console, stderr=console)
        trace = re.compile(rb"^Trace \d+: \S+ \[[0-9a-f]+/([0-9a-f]+)/")
        with open(fifo, "rb") as log:
            for line in log:
                m = trace.match(line)
                if m:
                    yield int(m.group(1), 16), 1
        if p.wait() != 0:
            die("qemu-system-arm exited %d" % p.returncode)


def regions(stream, syms):
    """Per timed region: (cost per pc, executions per pc)."""
    t0, t1 = syms.start("timer_start"), syms.end("timer_start")
    stop = syms.start("timer_stop")
    state = 0  # 0 outside, 1 in timer_start, 2 timed
    cost = hits = None
    for pc, c in stream:
        if state == 2:
            if pc == stop:
                yield cost, hits
                state = 0
                continue
            cost[pc] += c
            hits[pc] += 1
        elif pc == t0:
            state = 1
        elif state == 1 and not t0 <= pc < t1:
            state = 2
            cost = collections.Counter({pc: c})
            hits = collections.Counter({pc: 1})


def profile(stream, syms):
    """{op: (n, Counter(function -> cost), Counter(function -> calls), empty cost)}."""
    # callers try the fast path first, then the general one (hsx_mbx.h)
    send = syms.any_of("hsx_mbx__send_fast", "hsx_mbx_send")
    recv = syms.any_of("hsx_mbx__recv_fast", "hsx_mbx_recv")
    opn = syms.start("hsx_mbx_open")
    wake = syms.addr.get("bench_on_complete")
    res = {}
    last = None
    for cost, hits in regions(stream, syms):
        s, r = max(hits[a] for a in send), max(hits[a] for a in recv)
        if wake is not None and hits[wake]:
            op, n = "wake", s
        elif hits[opn]:
            op, n = "open_close", hits[opn]
        elif s and r == 4 * s:
            op, n = "fanout4", s
        elif s and r == s:
            op, n = "pair", s
        elif not s and not r:
            if last is not None:
                res[last][3] += sum(cost.values())
            continue
        else:
            op, n = "other", max(s, r)
        last = op
        entry = res.setdefault(op, [0, collections.Counter(), collections.Counter(), 0, collections.Counter()])
        entry[0] += n
        for pc, c in cost.items():
            entry[1][syms.name(pc)] += c
            entry[4][pc] += c
        for a in syms.starts:
            if hits[a]:
                entry[2][syms.name(a)] += hits[a]
    return res


def caller_of_loop(funcs):
    """The bench loop's function: the one holding the timed loop (main or bench_*)."""
    for name in funcs:
        if name == "main" or name.startswith("bench_"):
            if name != "bench_on_complete":
                return name
    return None


def annotate(res, syms, name, objdump, elf, out):
    """Per instruction of function name: its cost per op in each op, beside the disassembly."""
    lo, hi = syms.start(name), syms.end(name)
    text = subprocess.run([objdump, "-d", "--no-show-raw-insn", elf], capture_output=True, text=True,
                          check=True).stdout
    ops = [op for op in OPS + ("other",) if op in res]
    print("annotate %s: %s per op (%s)" % (name, "/".join(ops), "instruction"), file=out)
    for line in text.splitlines():
        m = re.match(r"^\s*([0-9a-f]+):\s*(.*)$", line)
        if not m:
            continue
        a = int(m.group(1), 16)
        if lo <= a < hi:
            cols = " ".join("%7.2f" % (res[op][4][a] / res[op][0]) for op in ops)
            print("  %s  %06x  %s" % (cols, a, m.group(2).strip()), file=out)


def report(board, build, res, unit, out):
    for op in OPS + ("other",):
        if op not in res:
            continue
        n, funcs, calls, empty = res[op][:4]
        loop = caller_of_loop(funcs)
        rows = []
        for name, c in funcs.items():
            if name == loop:
                c -= empty
                name = "%s (bench loop, empty loop subtracted)" % name
            rows.append((c / n, calls.get(name, 0) / n, name))
        rows.sort(key=lambda r: -r[0])
        total = sum(r[0] for r in rows)
        print("profile %s %s %s: %.2f %s per op over %d ops" % (board, build, op, total, unit, n), file=out)
        for per_op, per_call, name in rows:
            if abs(per_op) >= 0.005:
                print("  %10.2f  %6.2f calls  %s" % (per_op, per_call, name), file=out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--board", required=True, choices=["atmega1284p", "mps2-an386"])
    ap.add_argument("--build", default="?", help="build name, for the report")
    ap.add_argument("--elf", required=True)
    ap.add_argument("--nm", required=True)
    ap.add_argument("--tracer", help="avr_trace binary (AVR)")
    ap.add_argument("--console", help="file for the firmware's console output")
    ap.add_argument("--annotate", metavar="FUNCTION", action="append", default=[],
                    help="also print FUNCTION's instructions with their cost per op")
    ap.add_argument("--objdump", help="objdump for --annotate (default: nm's prefix + objdump)")
    a = ap.parse_args()
    syms = Symbols(a.nm, a.elf)
    with open(a.console or os.devnull, "wb") as console:
        if a.board == "atmega1284p":
            if not a.tracer:
                die("--tracer is needed for atmega1284p")
            res = profile(avr_stream(a.tracer, a.elf, console), syms)
            unit = "cycles"
        else:
            res = profile(qemu_stream(a.elf, console), syms)
            unit = "instructions"
    if a.console:
        with open(a.console, "rb") as f:
            text = f.read().decode("utf-8", "replace")
        if "hsx-exit 0" not in text or "FAIL" in text:
            die("the firmware did not pass its checks (console in %s)" % a.console)
    if not res:
        die("no timed region found")
    report(a.board, a.build, res, unit, sys.stdout)
    for name in a.annotate:
        annotate(res, syms, name, a.objdump or a.nm[:-2] + "objdump", a.elf, sys.stdout)


if __name__ == "__main__":
    main()
