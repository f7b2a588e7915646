# relr_text.py IN OUT: IN (an ET_EXEC) with a DT_RELR entry for a word
# of its read-only text (the code DT_INIT names), in the slots of its
# DT_DEBUG and DT_PLTGOT, which the loader does not read.  A relative
# relocation adds the load bias, 0 for an ET_EXEC: the word must stay
# as it is, and the loader must not write into the read-only page.
import struct
import sys

DT_PLTGOT, DT_INIT, DT_DEBUG, DT_RELRSZ, DT_RELR = 3, 12, 21, 35, 36
PT_DYNAMIC = 2

src, dst = sys.argv[1], sys.argv[2]
elf = bytearray(open(src, "rb").read())
phoff = struct.unpack_from("<Q", elf, 32)[0]
phnum = struct.unpack_from("<H", elf, 56)[0]
dyn_off = dyn_va = None
for i in range(phnum):
    ptype, _, off, va = struct.unpack_from("<IIQQ", elf, phoff + 56 * i)
    if ptype == PT_DYNAMIC:
        dyn_off, dyn_va = off, va
slot = {}
n = 0
while True:
    tag = struct.unpack_from("<q", elf, dyn_off + 16 * n)[0]
    slot[tag] = n
    if tag == 0:
        break
    n += 1
if not {DT_PLTGOT, DT_INIT, DT_DEBUG} <= slot.keys():
    sys.exit("%s: no DT_PLTGOT, DT_INIT or DT_DEBUG" % src)
init_value = dyn_va + 16 * slot[DT_INIT] + 8  # holds the address of _init
struct.pack_into("<qQ", elf, dyn_off + 16 * slot[DT_DEBUG], DT_RELR,
                 init_value)
struct.pack_into("<qQ", elf, dyn_off + 16 * slot[DT_PLTGOT], DT_RELRSZ, 8)
open(dst, "wb").write(elf)
