#!/usr/bin/env python3
"""size_report.py: flash, static SRAM, descriptor record and whole-call-tree stack of the
mailbox runtime for AVR and Cortex-M, all-features and minimal (see size-report.sh)."""
import collections, json, os, re, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
FW = os.path.dirname(HERE)
SRCS = sorted(os.path.join(FW, 'src', f) for f in os.listdir(os.path.join(FW, 'src')) if f.endswith('.c'))
BUDGET = {  # boards-and-budgets.md
    'avr': dict(flash_all=6144, flash_minimal=2048, sram=1024, desc=24, stack=96),
    'arm': dict(flash_all=6144, flash_minimal=2048, sram=1280, desc=32, stack=160),
}
def board_opt_flags(board):
    """The board's optimisation flags, from its board.json (one source of truth with ./hsxmbx build)."""
    with open(os.path.join(os.path.dirname(FW), 'boards', board, 'board.json')) as f:
        return json.load(f)['opt_flags']


ARCH = {
    'avr': dict(cc='avr-gcc', pre='avr-', flags=['-mmcu=atmega1284p'] + board_opt_flags('atmega1284p'), ret=2),
    'arm': dict(cc='arm-none-eabi-gcc', pre='arm-none-eabi-',
                flags=['-mcpu=cortex-m4', '-mthumb', '-mfloat-abi=soft'] + board_opt_flags('mps2-an386'), ret=0,
                ldflags=['--specs=nano.specs', '-nostartfiles', '-Wl,-e,main']),
}
COMMON = ['-std=c99', '-Wall', '-Wextra', '-Werror', '-ffunction-sections', '-fdata-sections', '-fstack-usage']
EXTRA = os.environ.get('HSX_SIZE_CFLAGS', '').split()


def run(cmd, cwd):
    try:
        r = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    except FileNotFoundError:
        sys.stderr.write('size-report: %s not found; install the cross tools with scripts/install-deps.sh\n' % cmd[0])
        raise SystemExit(2)
    if r.returncode != 0:
        sys.stderr.write(' '.join(cmd) + '\n' + r.stdout + r.stderr)
        raise SystemExit(2)
    return r.stdout


def build(arch, fset, out, cfg=None, defines=()):
    a = ARCH[arch]
    cfg = cfg or os.path.join(FW, 'test', 'cross', 'full' if fset == 'all' else 'minimal')
    inc = ['-I' + os.path.join(FW, 'include'), '-I' + cfg]
    objs = []
    for s in SRCS + [os.path.join(HERE, 'size_main.c')]:
        o = os.path.join(out, os.path.basename(s)[:-2] + '.o')
        run([a['cc']] + a['flags'] + COMMON + EXTRA + inc + list(defines) + ['-c', s, '-o', o], out)
        objs.append(o)
    elf = os.path.join(out, 'fw.elf')
    run([a['cc']] + a['flags'] + EXTRA + a.get('ldflags', []) + objs +
        ['-Wl,--gc-sections', '-Wl,-Map=' + os.path.join(out, 'fw.map'), '-o', elf], out)
    return a, elf, cfg


SEC = re.compile(r'^ (\.\S+)?\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S.*)$')


def kept_sections(mapfile, obj=r'hsx_mbx(_\w+)?\.o'):
    """(section name, object, bytes) of every input section of the objects matching obj
    that the link kept (the map's discarded list skipped)."""
    discard = False
    pending = None
    for line in open(mapfile):
        if line.startswith('Discarded input sections'):
            discard = True
        elif line.startswith('Linker script and memory map'):
            discard = False
        if discard:
            continue
        m = re.match(r'^ (\.\S+)$', line.rstrip('\n'))
        if m:
            pending = m.group(1)
            continue
        m = SEC.match(line.rstrip('\n'))
        if not m:
            pending = None
            continue
        name = m.group(1) or pending
        pending = None
        if name and re.search(obj, m.group(4)):
            yield name, m.group(4), int(m.group(3), 16)


def map_sizes(mapfile):
    """Input sections of the runtime objects kept in the link: {kind: bytes}."""
    sizes = collections.Counter()
    for name, src, size in kept_sections(mapfile):
        if name.startswith(('.text', '.progmem', '.rodata', '.data')):
            sizes['part:' + part_of(name, src)] += size
        if name.startswith('.text') or name.startswith('.progmem'):
            sizes['text'] += size
        elif name.startswith('.rodata'):
            sizes['rodata'] += size
        elif name.startswith('.data'):
            sizes['data'] += size
        elif name.startswith('.bss') or name.startswith('COMMON'):
            sizes['arena' if name.endswith('.hsx_mbx__arena') else 'bss'] += size
    return sizes


INTROSPECTION = re.compile(r'hsx_mbx_(stats|desc_snapshot|tap_snapshot|task_info|event_next|event_seq)$')


def part_of(section, src):
    """Which part of the runtime a kept input section belongs to (for the budget breakdown)."""
    if 'hsx_mbx_loader.o' in src or 'hsx_mbx_preload.o' in src:
        return 'loader'
    if 'hsx_mbx_svc.o' in src:
        return 'svc'
    return 'introspection' if INTROSPECTION.search(section) else 'core'


def nm_sizes(pre, elf):
    out = run([pre + 'nm', '-S', '--size-sort', elf], '.')
    syms = {}
    for l in out.splitlines():
        p = l.split()
        if len(p) == 4:
            syms[p[3]] = (int(p[1], 16), p[2])
    return syms


FUNC = re.compile(r'^([0-9a-f]+) <([^>]+)>:$')
INSN = re.compile(r'^\s+[0-9a-f]+:\s+(?:[0-9a-f]{2,8}\s)+\s*(\S+)\s*(.*)$')
TGT = re.compile(r'<([^>+]+)(\+0x[0-9a-f]+)?>')


# avr-gcc -mcall-prologues: shared register save/restore code, entered by a jump and left
# by `ijmp` back into the function. The .su frame of the function already counts the
# registers saved (same figure with and without -mcall-prologues), so these are not
# callees, and their ijmp is not an indirect call.
CALL_PROLOGUES = ('__prologue_saves__', '__epilogue_restores__')


def stack(arch, pre, elf, out):
    frames = {}
    for f in os.listdir(out):
        if f.endswith('.su'):
            for l in open(os.path.join(out, f)):
                p = l.rstrip('\n').split('\t')
                name = p[0].split(':')[-1]
                frames[name] = max(frames.get(name, 0), int(p[1]))
    calls = collections.defaultdict(set)
    indirect = set()
    pushed = collections.Counter()
    cur = None
    for l in run([pre + 'objdump', '-d', elf], '.').splitlines():
        m = FUNC.match(l)
        if m:
            cur = m.group(2)
            calls[cur]
            continue
        m = INSN.match(l)
        if not m or cur is None:
            continue
        op, args = m.group(1), m.group(2)
        t = TGT.search(args)
        if cur not in frames:  # C library / libgcc: the bytes its code pushes
            if arch == 'avr' and op == 'push':
                pushed[cur] += 1
            elif arch == 'arm' and op in ('push', 'push.w', 'stmdb'):
                pushed[cur] += 4 * (args.count(',') + 1)
            elif arch == 'arm' and op.startswith('sub') and args.startswith('sp,'):
                n = re.search(r'#(\d+)', args)
                pushed[cur] += int(n.group(1)) if n else 0
        if arch == 'avr' and cur in CALL_PROLOGUES:
            continue
        if arch == 'avr':
            if t and t.group(1) in CALL_PROLOGUES:
                continue  # -mcall-prologues: its pushes are in the caller's .su frame
            if op in ('call', 'rcall') and t and t.group(1) != cur:
                calls[cur].add(t.group(1))
            elif op in ('jmp', 'rjmp') and t and not t.group(2) and t.group(1) != cur:
                calls[cur].add(t.group(1))  # tail call
            elif op in ('icall', 'eicall', 'ijmp', 'eijmp') and not cur.startswith('__tablejump'):
                indirect.add(cur)  # (__tablejump*: a switch table jumping inside its caller)
        else:
            if op in ('bl', 'blx') and t and t.group(1) != cur:
                calls[cur].add(t.group(1))
            elif op.startswith('b') and t and not t.group(2) and t.group(1) != cur and op in ('b', 'b.w', 'b.n'):
                calls[cur].add(t.group(1))
            elif op.startswith('blx') and not t:
                indirect.add(cur)
    for f, n in pushed.items():
        frames.setdefault(f, n)
    memo = {}

    def depth(fn, path):
        if fn in memo:
            return memo[fn]
        if fn in path:
            raise SystemExit('recursion through ' + fn)
        best, chain = 0, []
        for c in calls.get(fn, ()):
            d, ch = depth(c, path | {fn})
            d += ARCH[arch]['ret']
            if d > best:
                best, chain = d, ch
        r = (frames.get(fn, 0) + best, [f'{fn} ({frames.get(fn, 0)})'] + chain)
        memo[fn] = r
        return r

    entries = [f for f in calls if f.startswith('hsx_mbx_') and not f.startswith('hsx_mbx__')]
    res = {e: depth(e, frozenset()) for e in entries}
    bad = sorted(e for e in entries if any(x in indirect for x in reach(e, calls)))
    return res, bad


def reach(e, calls):
    seen, todo = set(), [e]
    while todo:
        f = todo.pop()
        if f not in seen:
            seen.add(f)
            todo.extend(calls.get(f, ()))
    return seen


def desc_size(arch, a, cfg, out):
    src = os.path.join(out, 'desc_size.c')
    with open(src, 'w') as f:
        f.write('#include "hsx_mbx_internal.h"\nconst char hsx_desc_size[sizeof(hsx_mbx_desc_t)];\n')
    o = os.path.join(out, 'desc_size.o')
    run([a['cc']] + a['flags'] + ['-std=c99', '-I' + os.path.join(FW, 'include'), '-I' + os.path.join(FW, 'src'),
                                  '-I' + cfg, '-c', src, '-o', o], out)
    for l in run([a['pre'] + 'nm', '-S', o], out).splitlines():
        p = l.split()
        if p[-1] == 'hsx_desc_size':
            return int(p[1], 16)
    return -1


# The feature-cost table: features switched on one at a time, in this order, from a build
# with every optional feature off and no introspection calls linked.
COST_STEPS = [('HSX_MBX_CFG_TIMEOUTS', 'timeouts'), ('HSX_MBX_CFG_STDIO', 'stdio'),
              (None, 'introspection'), ('HSX_MBX_CFG_FANOUT', 'fan-out'), ('HSX_MBX_CFG_TAPS', 'taps'),
              ('HSX_MBX_CFG_EVENTS', 'events'), ('HSX_MBX_CFG_SVC', 'svc'), ('HSX_MBX_CFG_LOADER', 'loader')]


def write_config(out, on):
    """The all-features test configuration with only the features in `on` left on."""
    text = open(os.path.join(FW, 'test', 'cross', 'full', 'hsx_mbx_config.h')).read()
    for flag, _ in COST_STEPS:
        if flag:
            text, n = re.subn(r'(#define\s+' + flag + r'\s+)1\b', r'\g<1>' + ('1' if flag in on else '0'), text)
            if n != 1:
                raise SystemExit(f'size-report: {flag} is not 1 in test/cross/full/hsx_mbx_config.h')
    cfg = os.path.join(out, 'cfg')
    os.makedirs(cfg)
    with open(os.path.join(cfg, 'hsx_mbx_config.h'), 'w') as f:
        f.write(text)
    return cfg


def feature_costs(base):
    """Prints the runtime flash with features added one at a time (same method as the budget)."""
    print('\nfeature cost: runtime flash with the features switched on one at a time (embedded profile)')
    print(f'  {"step":24s} {"avr":>14s} {"arm":>14s}')
    rows = {}
    for arch in ('avr', 'arm'):
        on, intro = set(), False
        steps = [('none (mandatory core)', None)] + [('+ ' + name, (flag, name)) for flag, name in COST_STEPS]
        for i, (label, step) in enumerate(steps):
            if step:
                if step[0]:
                    on.add(step[0])
                else:
                    intro = True
            out = os.path.join(base, f'cost-{arch}-{i}')
            os.makedirs(out)
            build(arch, 'all', out, write_config(out, on), () if intro else ('-DHSX_SIZE_NO_INTROSPECTION',))
            s = map_sizes(os.path.join(out, 'fw.map'))
            rows.setdefault(label, {})[arch] = s['text'] + s['rodata'] + s['data']
    prev = {}
    for label, v in rows.items():
        cells = []
        for arch in ('avr', 'arm'):
            d = v[arch] - prev[arch] if arch in prev else v[arch]
            cells.append(f'{v[arch]:6d} ({d:+6d})' if prev else f'{v[arch]:6d}         ')
        print(f'  {label:24s} {cells[0]:>14s} {cells[1]:>14s}')
        prev = v
    return 0


def main():
    over = 0
    verbose = '-v' in sys.argv
    if '--costs' in sys.argv:
        return feature_costs(tempfile.mkdtemp(prefix='hsx-size-'))
    base = tempfile.mkdtemp(prefix='hsx-size-')
    print('mailbox runtime sizes (embedded profile: 16 descriptors, 4 tasks, 8 handles/task, 16 events)')
    print('method: -Os -ffunction-sections -fdata-sections, linked with --gc-sections against a main that calls')
    print('every public function of the feature set; flash = runtime input sections kept in the link map')
    print('(.text+.rodata+.data; libc/libgcc helpers not counted); SRAM = .data+.bss (+.rodata on AVR) - hsx_mbx__arena;')
    print('stack = -fstack-usage frames along the objdump call graph (+2 B return address per call on AVR);')
    print('flash by part: core = the operations (hsx_mbx*.c), introspection = stats/snapshots/task_info/events read-out')
    for arch in ('avr', 'arm'):
        for fset in ('all', 'minimal'):
            out = os.path.join(base, f'{arch}-{fset}')
            os.makedirs(out)
            a, elf, cfg = build(arch, fset, out)
            s = map_sizes(os.path.join(out, 'fw.map'))
            flash = s['text'] + s['rodata'] + s['data']
            sram = s['data'] + s['bss'] + (s['rodata'] if arch == 'avr' else 0)
            dsz = desc_size(arch, a, cfg, out)
            res, bad = stack(arch, a['pre'], elf, out)
            top = max(res, key=lambda e: res[e][0])
            b = BUDGET[arch]
            fb = b['flash_all'] if fset == 'all' else b['flash_minimal']
            rows = [('flash', flash, fb), ('static SRAM excl. arena', sram, b['sram']),
                    ('descriptor record', dsz, b['desc']), ('deepest call stack', res[top][0], b['stack'])]
            print(f'\n{arch} {fset}:')
            for name, v, bud in rows:
                ok = v <= bud
                over += 0 if ok else 1
                print(f'  {name:26s} {v:6d} B  budget {bud:5d} B  {"ok" if ok else "OVER"}')
            print('  flash by part: ' + ', '.join(f'{p} {s["part:" + p]} B' for p in
                                                   ('core', 'introspection', 'svc', 'loader') if s['part:' + p]))
            print('  deepest: ' + ' -> '.join(res[top][1]))
            if bad:
                over += 1
                print('  indirect calls reachable from: ' + ', '.join(bad))
            if verbose:
                for e in sorted(res, key=lambda e: -res[e][0]):
                    print(f'    {e:28s} {res[e][0]:4d} B')
                for n, (sz, t) in sorted(nm_sizes(a['pre'], elf).items(), key=lambda x: -x[1][0])[:25]:
                    print(f'    {t} {sz:6d} {n}')
    print('\nOVER BUDGET' if over else '\nall within budget')
    return 1 if over else 0


if __name__ == '__main__':
    sys.exit(main())
