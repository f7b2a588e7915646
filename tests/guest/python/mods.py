# Run as "python3.11 -X utf8 mods.py DIR" where DIR holds the test's CA
# bundle (ca.pem), the server's chain (server.pem) and an unrelated
# self-signed certificate (other.pem), made by tests/guest/python_mods.test.
# Exercises the parts of the standard library that need more of the
# kernel and libc than python_app does; every check asserts, and every
# printed line is deterministic: the host's python3.11 must print the same.
# With --unsupported last, also what osv refuses (lines beginning
# "unsupported", which only the guest prints).
import errno
import os
import sys

args = sys.argv[1:]
unsupported = args[-1:] == ["--unsupported"]
if unsupported:
    args.pop()
certs = args[0]


def check(name, cond, *detail):
    assert cond, (name, detail)
    print(name, "ok", *detail)


import ctypes

libc = ctypes.CDLL(None)
check("ctypes strlen", libc.strlen(b"osv guest") == 9)
libc.labs.restype = ctypes.c_long
libc.labs.argtypes = [ctypes.c_long]
check("ctypes labs", libc.labs(-(1 << 40)) == 1 << 40)
buf = ctypes.create_string_buffer(32)
libc.snprintf(buf, 32, b"%d-%s-%.2f", 42, b"x", ctypes.c_double(1.5))
check("ctypes snprintf", buf.value == b"42-x-1.50", buf.value)
# a callback: libffi's closure, code that qsort calls back into python
CMP = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_int),
                       ctypes.POINTER(ctypes.c_int))
calls = []


def compare(a, b):
    calls.append(1)
    return a[0] - b[0]


arr = (ctypes.c_int * 8)(5, 3, 8, 1, 9, 2, 7, 4)
libc.qsort(arr, len(arr), ctypes.sizeof(ctypes.c_int), CMP(compare))
check("ctypes qsort callback", list(arr) == [1, 2, 3, 4, 5, 7, 8, 9],
      list(arr), len(calls) > 0)
# many closures alive at once: more than one page of trampolines
keep = [CMP(compare) for _ in range(600)]
arr2 = (ctypes.c_int * 3)(3, 1, 2)
libc.qsort(arr2, 3, ctypes.sizeof(ctypes.c_int), keep[-1])
check("ctypes closures", list(arr2) == [1, 2, 3], len(keep))
del keep


class Point(ctypes.Structure):
    _fields_ = [("x", ctypes.c_int), ("y", ctypes.c_double)]


check("ctypes struct", ctypes.sizeof(Point) == 16 and
      Point(1, 2.5).y == 2.5)

import bz2
data = b"osv " * 5000
z = bz2.compress(data)
check("bz2", bz2.decompress(z) == data, len(z))
with bz2.open("/tmp/mods.bz2", "wb") as f:
    f.write(data)
with bz2.open("/tmp/mods.bz2", "rb") as f:
    check("bz2 file", f.read() == data)

import zlib
import gzip
z = zlib.compress(data, 9)
check("zlib", zlib.decompress(z) == data, len(z), zlib.crc32(data),
      zlib.adler32(data))
with gzip.GzipFile("/tmp/mods.gz", "wb", mtime=0) as f:
    f.write(data)
with gzip.open("/tmp/mods.gz", "rb") as f:
    check("gzip file", f.read() == data)
check("gzip", gzip.decompress(gzip.compress(data, mtime=0)) == data)

import json
obj = {"a": [1, 2.5, None, True], "b": {"c": "\u00e9\u4e2d"}, "d": 1e300}
text = json.dumps(obj, sort_keys=True)
check("json", json.loads(text) == obj, text)

import decimal
decimal.getcontext().prec = 40
d = decimal.Decimal(1) / decimal.Decimal(7)
check("decimal", str(d) == "0.1428571428571428571428571428571428571429",
      d, decimal.Decimal(2).sqrt())
check("decimal quantize", decimal.Decimal("1.005").quantize(
    decimal.Decimal("0.01"), rounding=decimal.ROUND_HALF_UP) ==
    decimal.Decimal("1.01"))

import struct
packed = struct.pack("<iqd4sH", -7, 1 << 50, 3.25, b"osv", 65535)
check("struct", struct.unpack("<iqd4sH", packed) ==
      (-7, 1 << 50, 3.25, b"osv\0", 65535), packed.hex())

import threading
import queue
import concurrent.futures
q = queue.Queue()
lock = threading.Lock()
total = [0]


def worker(n):
    for i in range(1000):
        with lock:
            total[0] += 1
    q.put(n)


threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
for t in threads:
    t.start()
for t in threads:
    t.join()
check("threading", total[0] == 8000 and
      sorted(q.get() for _ in range(8)) == list(range(8)))
ev = threading.Event()
cond = threading.Condition()
threading.Timer(0.01, ev.set).start()
check("threading event", ev.wait(10))
with concurrent.futures.ThreadPoolExecutor(max_workers=4) as ex:
    squares = list(ex.map(lambda x: x * x, range(20)))
check("ThreadPoolExecutor", squares == [x * x for x in range(20)])
check("threading local", threading.local() is not None and
      threading.get_ident() != 0)

import tempfile
import shutil
top = tempfile.mkdtemp(prefix="mods")
check("tempfile mkdtemp", os.path.isdir(top) and top.startswith("/tmp/mods"))
for sub in ("a", "a/b", "c"):
    os.makedirs(os.path.join(top, sub))
for name in ("a/one", "a/b/two", "c/three", "four"):
    with open(os.path.join(top, name), "w") as f:
        f.write(name)
entries = sorted((e.name, e.is_dir(), e.is_file()) for e in os.scandir(top))
check("scandir", entries == [("a", True, False), ("c", True, False),
                             ("four", False, True)], entries)
walked = sorted((os.path.relpath(d, top), sorted(ds), sorted(fs))
                for d, ds, fs in os.walk(top))
check("walk", len(walked) == 4, walked)
shutil.copytree(os.path.join(top, "a"), os.path.join(top, "copy"))
with open(os.path.join(top, "copy/b/two")) as f:
    check("shutil copytree", f.read() == "a/b/two")
shutil.move(os.path.join(top, "copy"), os.path.join(top, "moved"))
check("shutil move", os.path.exists(os.path.join(top, "moved/one")))
check("shutil disk_usage", shutil.disk_usage("/tmp").total > 0)
with tempfile.TemporaryFile() as f:
    f.write(b"temp")
    f.seek(0)
    check("TemporaryFile", f.read() == b"temp")
with tempfile.NamedTemporaryFile(dir=top) as f:
    check("NamedTemporaryFile", os.path.exists(f.name))
shutil.rmtree(top)
check("shutil rmtree", not os.path.exists(top))

import locale
check("locale", locale.setlocale(locale.LC_ALL, "C") == "C",
      locale.getpreferredencoding(False), locale.localeconv()["decimal_point"])
check("locale C.UTF-8", locale.setlocale(locale.LC_CTYPE, "C.UTF-8") ==
      "C.UTF-8")
locale.setlocale(locale.LC_ALL, "C")

import time
t = time.struct_time((2024, 2, 29, 13, 5, 9, 3, 60, 0))
s = time.strftime("%Y-%m-%d %H:%M:%S %a %b %j %A %B %p %y %%", t)
check("strftime", s == "2024-02-29 13:05:09 Thu Feb 060 Thursday February"
      " PM 24 %", s)
check("strptime", time.strptime("2024-02-29", "%Y-%m-%d")[:3] ==
      (2024, 2, 29))
check("gmtime", time.gmtime(1700000000)[:6] == (2023, 11, 14, 22, 13, 20))

import datetime
import zoneinfo
berlin = zoneinfo.ZoneInfo("Europe/Berlin")
summer = datetime.datetime(2024, 7, 1, 12, 0, tzinfo=berlin)
winter = datetime.datetime(2024, 1, 1, 12, 0, tzinfo=berlin)
check("zoneinfo", summer.utcoffset() == datetime.timedelta(hours=2) and
      winter.utcoffset() == datetime.timedelta(hours=1),
      summer.isoformat(), winter.tzname())
ny = summer.astimezone(zoneinfo.ZoneInfo("America/New_York"))
check("zoneinfo convert", ny.isoformat() == "2024-07-01T06:00:00-04:00",
      ny.isoformat())
check("datetime", datetime.date(2024, 3, 1) - datetime.date(2024, 2, 1) ==
      datetime.timedelta(days=29))

import mmap
with open("/tmp/mods.map", "w+b") as f:
    f.write(b"\0" * 8192)
    f.flush()
    with mmap.mmap(f.fileno(), 8192) as m:
        m[4096:4099] = b"osv"
        m.flush()
        check("mmap file", m.find(b"osv") == 4096)
    f.seek(4096)
    check("mmap write back", f.read(3) == b"osv")
with mmap.mmap(-1, 1 << 20) as m:
    m[-1] = 7
    m.seek(10)
    m.write(b"anon")
    check("mmap anonymous", m[-1] == 7 and m[10:14] == b"anon")
os.unlink("/tmp/mods.map")

import signal
got = []
signal.signal(signal.SIGALRM, lambda sig, frame: got.append(sig))
signal.setitimer(signal.ITIMER_REAL, 0.05)
deadline = time.monotonic() + 10
while not got and time.monotonic() < deadline:
    time.sleep(0.01)
check("setitimer", got == [signal.SIGALRM])
signal.alarm(1)
check("alarm", signal.alarm(0) == 1)
signal.setitimer(signal.ITIMER_REAL, 0.02, 0.02)
while len(got) < 4 and time.monotonic() < deadline:
    time.sleep(0.01)
signal.setitimer(signal.ITIMER_REAL, 0)
check("setitimer interval", len(got) >= 4)
usr = []
signal.signal(signal.SIGUSR1, lambda sig, frame: usr.append(sig))
signal.raise_signal(signal.SIGUSR1)
os.kill(os.getpid(), signal.SIGUSR1)
# another thread may take the process's signal: the handler runs soon after
deadline = time.monotonic() + 10
while len(usr) < 2 and time.monotonic() < deadline:
    time.sleep(0.01)
check("signal handler", usr == [signal.SIGUSR1, signal.SIGUSR1])
signal.signal(signal.SIGALRM, signal.SIG_DFL)

import socket
import select
a, b = socket.socketpair()
ep = select.epoll()
ep.register(b.fileno(), select.EPOLLIN)
check("epoll empty", ep.poll(0) == [])
a.sendall(b"ping")
check("epoll ready", ep.poll(5) == [(b.fileno(), select.EPOLLIN)])
check("socketpair", b.recv(16) == b"ping")
b.sendall(b"pong")
check("socketpair back", a.recv(16) == b"pong")
ep.close()
a.close()
b.close()

# ctypes: errno, a library by name, a callback run by a thread C made
libc_e = ctypes.CDLL(None, use_errno=True)
check("ctypes use_errno", libc_e.close(-1) == -1 and
      ctypes.get_errno() == errno.EBADF)
check("ctypes CDLL libc.so.6", ctypes.CDLL("libc.so.6").abs(-3) == 3)
START = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p)
ran = []
start = START(lambda arg: ran.append(threading.get_ident()))
libc.pthread_create.argtypes = [ctypes.POINTER(ctypes.c_ulong),
                                ctypes.c_void_p, START, ctypes.c_void_p]
tid = ctypes.c_ulong()
check("ctypes callback in a C thread",
      libc.pthread_create(ctypes.byref(tid), None, start, None) == 0 and
      libc.pthread_join(tid, None) == 0 and len(ran) == 1 and
      ran[0] != threading.get_ident())

# multiprocessing without processes: named semaphores, /dev/shm
import multiprocessing
import multiprocessing.dummy
with multiprocessing.dummy.Pool(3) as pool:
    check("multiprocessing.dummy Pool",
          pool.map(lambda x: x * 2, range(5)) == [0, 2, 4, 6, 8])
mlock = multiprocessing.Lock()
check("multiprocessing Lock", mlock.acquire(timeout=1) and
      not mlock.acquire(timeout=0.01))
mlock.release()
check("multiprocessing Semaphore",
      multiprocessing.Semaphore(2).get_value() == 2)
mval = multiprocessing.Value("i", 7)
with mval.get_lock():
    mval.value += 1
check("multiprocessing Value", mval.value == 8)
check("multiprocessing Array",
      list(multiprocessing.Array("d", [1.0, 2.0])) == [1.0, 2.0])
mq = multiprocessing.Queue()
mq.put([1, "two"])
check("multiprocessing Queue", mq.get(timeout=10) == [1, "two"])
mq.close()
mq.join_thread()
mev = multiprocessing.Event()
threading.Timer(0.01, mev.set).start()
check("multiprocessing Event", mev.wait(10))
r_end, w_end = multiprocessing.Pipe()
w_end.send({"x": 1})
check("multiprocessing Pipe", r_end.recv() == {"x": 1})

# signal handlers that raise interrupt blocking calls; others resume them
class Alarm(Exception):
    pass


def raise_alarm(sig, frame):
    raise Alarm()


signal.signal(signal.SIGALRM, raise_alarm)
a, b = socket.socketpair()
ep = select.epoll()
ep.register(b, select.EPOLLIN)
for name, call in (("sleep", lambda: time.sleep(10)),
                   ("recv", lambda: b.recv(10)),
                   ("select", lambda: select.select([b], [], [], 10)),
                   ("epoll", lambda: ep.poll(10))):
    t0 = time.monotonic()
    signal.setitimer(signal.ITIMER_REAL, 0.05)
    try:
        call()
        interrupted = False
    except Alarm:
        interrupted = time.monotonic() - t0 < 5
    check("signal interrupts " + name, interrupted)
got = []
signal.signal(signal.SIGALRM, lambda sig, frame: got.append(sig))
t0 = time.monotonic()
signal.setitimer(signal.ITIMER_REAL, 0.05)
time.sleep(0.2)
check("sleep resumes after a handler", got == [signal.SIGALRM] and
      time.monotonic() - t0 >= 0.2)
signal.setitimer(signal.ITIMER_REAL, 5)
left = signal.getitimer(signal.ITIMER_REAL)[0]
signal.setitimer(signal.ITIMER_REAL, 0)
check("getitimer", 4 < left <= 5 and
      signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0))
signal.signal(signal.SIGALRM, signal.SIG_DFL)
# the CPU-time timers: computing, then waiting (osv runs a handler at the
# next wait of a thread that only computes)
for which, sig in ((signal.ITIMER_VIRTUAL, signal.SIGVTALRM),
                   (signal.ITIMER_PROF, signal.SIGPROF)):
    cpu = []
    signal.signal(sig, lambda sig, frame: cpu.append(sig))
    signal.setitimer(which, 0.05)
    time.sleep(0.1)
    early = list(cpu)
    t0 = time.process_time()
    while time.process_time() - t0 < 0.06:
        sum(range(1000))
    deadline = time.monotonic() + 10
    while not cpu and time.monotonic() < deadline:
        time.sleep(0.01)
    check("setitimer " + sig.name, early == [] and cpu == [sig])
    signal.signal(sig, signal.SIG_DFL)
usr = []
signal.signal(signal.SIGUSR1, lambda sig, frame: usr.append(sig))
t = threading.Thread(target=signal.pthread_kill,
                     args=(threading.main_thread().ident, signal.SIGUSR1))
t.start()
t.join()
deadline = time.monotonic() + 10
while not usr and time.monotonic() < deadline:
    time.sleep(0.01)
check("pthread_kill to the main thread", usr == [signal.SIGUSR1])
# to this thread: a process-directed one could go to a thread of the
# pools above that has not blocked it
signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR2])
signal.pthread_kill(threading.get_ident(), signal.SIGUSR2)
check("sigpending", signal.sigpending() == {signal.SIGUSR2})
check("sigwait", signal.sigwait([signal.SIGUSR2]) == signal.SIGUSR2)
signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGUSR2])
a.setblocking(False)
b.setblocking(False)
old = signal.set_wakeup_fd(a.fileno())
signal.raise_signal(signal.SIGUSR1)
check("set_wakeup_fd", b.recv(10) == bytes([signal.SIGUSR1]))
signal.set_wakeup_fd(old)
import faulthandler
with tempfile.TemporaryFile("w+") as f:
    faulthandler.dump_traceback_later(0.05, file=f)
    time.sleep(0.3)
    faulthandler.cancel_dump_traceback_later()
    f.seek(0)
    check("faulthandler dump_traceback_later", "Timeout" in f.read())

# epoll's edge and one-shot modes; descriptors through a unix socket
ep.modify(b, select.EPOLLIN | select.EPOLLET)
a.send(b"1")
check("epoll edge-triggered", len(ep.poll(0)) == 1 and ep.poll(0) == [])
ep.modify(b, select.EPOLLIN | select.EPOLLONESHOT)
check("epoll one-shot", len(ep.poll(0)) == 1 and ep.poll(0) == [])
ep.close()
a.setblocking(True)
b.setblocking(True)
b.recv(10)
rfd, wfd = os.pipe()
socket.send_fds(a, [b"x"], [wfd])
msg, fds, flags, addr = socket.recv_fds(b, 10, 4)
os.write(fds[0], b"via fd")
check("send_fds", os.read(rfd, 10) == b"via fd")
for fd in (rfd, wfd, fds[0]):
    os.close(fd)
a.close()
b.close()

# more of mmap: resize, an offset, a private copy, a file of the image
with mmap.mmap(-1, 4096) as m:
    m[:3] = b"abc"
    m.resize(3 * 4096)
    check("mmap resize", len(m) == 3 * 4096 and m[:3] == b"abc")
with open("/tmp/mods.map", "w+b") as f:
    f.write(b"a" * 4096 + b"b" * 4096)
    f.flush()
    with mmap.mmap(f.fileno(), 4096, offset=4096) as m:
        check("mmap offset", m[:2] == b"bb")
    with mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_COPY) as m:
        m[0:1] = b"z"
    f.seek(0)
    check("mmap ACCESS_COPY", f.read(1) == b"a")
os.unlink("/tmp/mods.map")
with open(os.__file__, "rb") as f:
    with mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as m:
        check("mmap of a read-only file", m.find(b"def walk(") > 0)

# local time through TZ and the C library's tzfile reader
os.environ["TZ"] = "Europe/Berlin"
time.tzset()
check("tzset", time.tzname == ("CET", "CEST"), time.tzname)
check("localtime", time.strftime("%Y-%m-%d %H:%M %Z %z",
                                 time.localtime(1720000000)) ==
      "2024-07-03 11:46 CEST +0200")
os.environ["TZ"] = "UTC"
time.tzset()

import ssl
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
ctx.load_verify_locations(os.path.join(certs, "ca.pem"))
check("ssl ca bundle", ctx.cert_store_stats()["x509_ca"] == 1)
server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
server.load_cert_chain(os.path.join(certs, "server.pem"))


def handshake(client, name):
    """A handshake in memory: returns None or the verification error."""
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
                except ssl.SSLCertVerificationError as e:
                    return e.verify_message
            peer_in.write(out.read())
        if all(done):
            return c.getpeercert()["subject"]
    return "no handshake"


check("ssl chain verified", handshake(ctx, "osv.test") ==
      ((("commonName", "osv.test"),),))
check("ssl wrong name", "mismatch" in handshake(ctx, "other.test"))
other = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
other.load_verify_locations(os.path.join(certs, "other.pem"))
check("ssl unknown ca", handshake(other, "osv.test") ==
      "unable to get local issuer certificate")
# Debian's bundle (ca-certificates)
system = ssl.create_default_context(
    cafile="/etc/ssl/certs/ca-certificates.crt")
check("ssl ca-certificates", system.cert_store_stats()["x509_ca"] > 100)

if unsupported:
    import subprocess
    try:
        subprocess.run(["/bin/true"])
        print("unsupported subprocess ran")
    except OSError as e:
        print("unsupported subprocess", type(e).__name__, e.errno, e.strerror)
    try:
        from multiprocessing import shared_memory
        shared_memory.SharedMemory(create=True, size=4096).unlink()
        print("unsupported shared_memory ran")
    except OSError as e:
        print("unsupported shared_memory", type(e).__name__, e.errno,
              e.strerror)
print("end")
