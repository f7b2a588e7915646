# Run as "python3.11 -X utf8 -m pyapp ARGS..." with the normal startup
# (site, no -S or -I); prints what the guest must print as the host
# does.  With --unsupported last, also what osv refuses (processes):
# lines beginning "unsupported", which only the guest prints.
import os
import sys

args = sys.argv[1:]
unsupported = args[-1:] == ["--unsupported"]
if unsupported:
    args.pop()
print("argv", os.path.basename(sys.argv[0]), args, __package__)
print("prefix", sys.prefix, sys.exec_prefix, sys.base_prefix)
print("executable", sys.executable, sys.platlibdir)
print("flags no_site", sys.flags.no_site, "isolated", sys.flags.isolated,
      "utf8", sys.flags.utf8_mode)
print("site", "site" in sys.modules, "sitecustomize" in sys.modules)
# the standard library's entries (the host may have more, site-packages)
lib = os.path.join(sys.prefix, "lib", "python3")
print("path", [p for p in sys.path if p.startswith((lib + ".11", lib + "11"))])
import sysconfig
print("sysconfig", sysconfig.get_config_var("SOABI"),
      sysconfig.get_config_var("EXT_SUFFIX"), sysconfig.get_paths()["stdlib"],
      sysconfig.get_python_version(), sysconfig.get_platform())

import hashlib
print("hashlib openssl", "_hashlib" in sys.modules,
      "sha3_256" in hashlib.algorithms_available)
for name in ("md5", "sha1", "sha256", "sha512", "sha3_256", "blake2b"):
    print("digest", name, hashlib.new(name, b"osv").hexdigest())
print("pbkdf2", hashlib.pbkdf2_hmac("sha256", b"pw", b"salt", 1000).hex())
import hmac
print("hmac", hmac.new(b"key", b"osv", "sha256").hexdigest())

import ssl
print("ssl", ssl.OPENSSL_VERSION, ssl.HAS_TLSv1_3)
# made by tests/guest/python_app.test for each run
pem = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tls.pem")
server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
server.load_cert_chain(pem)
client = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
client.load_verify_locations(pem)
print("context", client.verify_mode, client.check_hostname)
def handshake(name):
    """A handshake in memory: each side's output is the other's input."""
    c_in, c_out, s_in, s_out = (ssl.MemoryBIO() for _ in range(4))
    c = client.wrap_bio(c_in, c_out, server_hostname=name)
    s = server.wrap_bio(s_in, s_out, server_side=True)
    done = [False, False]
    for _ in range(10):
        for i, (side, out, peer_in) in enumerate(((c, c_out, s_in),
                                                  (s, s_out, c_in))):
            if not done[i]:
                try:
                    side.do_handshake()
                    done[i] = True
                except ssl.SSLWantReadError:
                    pass
            peer_in.write(out.read())
        if all(done):
            break
    return c, s, (c_in, c_out, s_in, s_out)


c, s, (c_in, c_out, s_in, s_out) = handshake("osv.test")
print("tls", c.version(), c.cipher()[0], c.getpeercert()["subject"],
      s.cipher()[0])
c.write(b"over tls")
s_in.write(c_out.read())
s.write(s.read(100)[::-1])
c_in.write(s_out.read())
print("tls data", c.read(100))
try:
    handshake("other.test")
    print("tls wrong name accepted")
except ssl.SSLCertVerificationError as e:
    print("tls wrong name", e.verify_message)

import sqlite3
import tempfile
db = sqlite3.connect(":memory:")
db.execute("create table t(a integer, b text)")
db.executemany("insert into t values (?, ?)", [(i, str(i) * 2) for i in range(10)])
print("sqlite", sqlite3.sqlite_version,
      db.execute("select sum(a), group_concat(b) from t").fetchall())
with tempfile.TemporaryDirectory() as tmp:
    f = sqlite3.connect(os.path.join(tmp, "file.db"))
    f.execute("create table k(v)")
    f.execute("insert into k values (?)", ("on disk",))
    f.commit()
    f.close()
    f = sqlite3.connect(os.path.join(tmp, "file.db"))
    print("sqlite file", f.execute("select v from k").fetchall())
    f.close()

import lzma, zlib
print("lzma", lzma.decompress(lzma.compress(b"osv" * 100)) == b"osv" * 100,
      zlib.crc32(b"osv"))

import select, selectors, socket
a, b = socket.socketpair()
sel = selectors.DefaultSelector()
print("selector", type(sel).__name__)
sel.register(a, selectors.EVENT_READ, "a")
print("select none", sel.select(0))
b.send(b"ping")
print("select ready", [(k.data, ev) for k, ev in sel.select(5)])
print("select.select", select.select([a], [], [], 5)[0] == [a])
p = select.poll()
p.register(a, select.POLLIN)
print("poll", [(fd == a.fileno(), ev) for fd, ev in p.poll(1000)])
print("recv", a.recv(10))

import asyncio
async def pair():
    r, w = await asyncio.open_connection(sock=b)
    a.send(b"async")
    data = await r.read(5)
    w.close()
    return data
print("asyncio", asyncio.run(pair()))

if unsupported:
    import multiprocessing
    import subprocess
    def pool():
        with multiprocessing.Pool(2) as p:
            return p.map(abs, [-1])
    for name, call in (("fork", os.fork),
                       ("subprocess", lambda: subprocess.run(["/bin/true"])),
                       ("posix_spawn", lambda: os.posix_spawn(
                           "/bin/true", ["true"], os.environ)),
                       ("execv", lambda: os.execv("/bin/true", ["true"])),
                       ("multiprocessing", pool)):
        try:
            call()
            print("unsupported", name, "ran")
        except OSError as e:
            print("unsupported", name, type(e).__name__, e.errno, e.strerror)
print("end")
