#!/usr/bin/env python3
"""loader_size.py: the .mailbox loader's share of the all-features link of size-report.sh (AVR and
Cortex-M4, same flags and configs): flash of hsx_mbx_loader.o's input sections kept in the link map
(.text + .rodata + .data + .progmem; .rodata is copied to SRAM on AVR), its functions and tables (nm),
the loader hooks in the core (hsx_mbx_preload.c: hsx_mbx__ld_* and resolve_declared), the static scratch g_ld and the
deepest stack through hsx_mbx_load_section. Usage: python3 firmware-c/tools/loader_size.py"""
import collections, os, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import size_report as sr  # noqa: E402


def loader_sections(mapfile):
    """{kind: bytes} of hsx_mbx_loader.o's input sections kept in the link."""
    sizes = collections.Counter()
    for name, _, size in sr.kept_sections(mapfile, r'hsx_mbx_loader\.o'):
        kind = next((k for k in ('text', 'rodata', 'data', 'progmem', 'bss') if name.startswith('.' + k)), None)
        if kind:
            sizes[kind] += size
    return sizes


def main():
    base = tempfile.mkdtemp(prefix='hsx-loader-size-')
    for arch in ('avr', 'arm'):
        out = os.path.join(base, arch)
        os.makedirs(out)
        a, elf, _ = sr.build(arch, 'all', out)
        s = loader_sections(os.path.join(out, 'fw.map'))
        flash = s['text'] + s['rodata'] + s['data'] + s['progmem']
        syms = sr.nm_sizes(a['pre'], elf)
        own = {}
        for line in sr.run([a['pre'] + 'nm', '-S', os.path.join(out, 'hsx_mbx_loader.o')], out).splitlines():
            p = line.split()
            if len(p) == 4 and p[3] in syms and p[3] != 'g_ld':
                own[p[3]] = syms[p[3]][0]
        hooks = {n: v[0] for n, v in syms.items() if n.startswith(('hsx_mbx__ld_', 'resolve_declared'))}
        res, _ = sr.stack(arch, a['pre'], elf, out)
        depth, path = res['hsx_mbx_load_section']
        print(f'{arch}: loader flash {flash} B (text {s["text"]}, rodata {s["rodata"]}, progmem {s["progmem"]}), '
              f'hooks in the core {sum(hooks.values())} B, together {flash + sum(hooks.values())} B; '
              f'g_ld {syms.get("g_ld", (0,))[0]} B; stack via hsx_mbx_load_section {depth} B')
        print('  ' + '  '.join(f'{n} {v}' for n, v in sorted(own.items(), key=lambda x: -x[1])))
        print('  hooks: ' + '  '.join(f'{n} {v}' for n, v in sorted(hooks.items(), key=lambda x: -x[1])))
        print('  path: ' + ' -> '.join(path))
    return 0


if __name__ == '__main__':
    sys.exit(main())
