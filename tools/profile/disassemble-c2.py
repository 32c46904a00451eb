#!/usr/bin/env python3
"""Disassembles C2's code for one Java method, without an hsdis plugin.

JDK 25 prints a compiled method's code as hex bytes when no hsdis plugin loads (Debian's FCML plugin exports only the
old `decode_instructions` entry point, which JDK 25 does not use). This reads that print, keeps the last C2 (tier 4,
non-OSR) compile of the method, disassembles it with objdump, and sums up its hottest loop: the loop whose body holds
the most vfmadd instructions.

  java -XX:+UnlockDiagnosticVMOptions -XX:CompileCommand=print,io.jresnet.cpu.GemmMicroKernel::full \
       -XX:CompileCommand=dontinline,io.jresnet.cpu.GemmMicroKernel::full ... > print.txt
  tools/profile/disassemble-c2.py print.txt GemmMicroKernel::full [--all]

Measured with it (12th session): GemmMicroKernel.full reloads 9 of its 14 A-row offsets from the stack per k-step
(its hottest loop: 99 instructions, 10 of them with a stack operand, for 28 FMAs).
"""
import re
import subprocess
import sys
import tempfile


def code_bytes(lines, method):
    starts = [i for i, l in enumerate(lines) if 'Compiled method (c2)' in l and method + ' (' in l and ' % ' not in l]
    if not starts:
        sys.exit(f'no C2 (non-OSR) compile of {method} in the print; was it compiled and printed?')
    code = bytearray()
    for line in lines[starts[-1]:]:
        if line.startswith('[Stub Code]') or line.startswith('[Exception Handler]'):
            break
        m = re.match(r'\s+0x[0-9a-f]+: (.*)', line)
        if m and not m.group(1).startswith(';'):
            code += bytes.fromhex(re.sub(r'[^0-9a-f]', '', m.group(1).split(';')[0]))
    return bytes(code)


def disassemble(code):
    with tempfile.NamedTemporaryFile(suffix='.bin') as f:
        f.write(code)
        f.flush()
        out = subprocess.run(['objdump', '-D', '-b', 'binary', '-m', 'i386:x86-64', '-M', 'intel', f.name],
                             capture_output=True, text=True, check=True).stdout
    return [l for l in out.split('\n') if re.match(r'\s+[0-9a-f]+:\t', l)]


def hottest_loop(instrs):
    """The backward-jump loop with the most vfmadd instructions: (first index, last index)."""
    addr = [int(l.split(':')[0], 16) for l in instrs]
    best = None
    for i, l in enumerate(instrs):
        m = re.search(r'\tj\w+\s+0x([0-9a-f]+)', l)
        if not m or int(m.group(1), 16) >= addr[i]:
            continue
        start = addr.index(int(m.group(1), 16)) if int(m.group(1), 16) in addr else None
        if start is None:
            continue
        fmas = sum('vfmadd' in x for x in instrs[start:i + 1])
        if best is None or fmas > best[0]:
            best = (fmas, start, i)
    return best


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    lines = open(sys.argv[1]).read().split('\n')
    instrs = disassemble(code_bytes(lines, sys.argv[2]))
    if '--all' in sys.argv:
        print('\n'.join(instrs))
    loop = hottest_loop(instrs)
    if loop is None:
        print(f'{len(instrs)} instructions, no backward loop')
        return
    _, first, last = loop
    body = instrs[first:last + 1]
    counts = {name: sum(bool(re.search(pattern, x)) for x in body) for name, pattern in (
        ('FMAs', 'vfmadd'), ('broadcasts', 'vbroadcastss'), ('vector moves', 'vmovups|vmovdqu'),
        ('stack operands', r'\[rsp'), ('branches', r'\tj'))}
    print('\n'.join(body))
    print(f'hottest loop: {len(body)} instructions, ' + ', '.join(f'{n} {name}' for name, n in counts.items()))


if __name__ == '__main__':
    main()
