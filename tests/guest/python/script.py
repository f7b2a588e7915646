import sys, os, json, re, collections, struct, math, hashlib, datetime, threading, zlib

print("argv", sys.argv[1:])
print("version", sys.version_info[:3])
data = {"b": [1, 2.5, None, True], "a": {"x": "é\u20ac"}}
# the C scanner of lib-dynload/_json*.so (dlopen), as on the host
print("json_c", json.decoder.c_scanstring is not None)
print("json", json.dumps(data, sort_keys=True), json.loads('{"k": [1, 2]}'))
print("re", re.findall(r"(\w+)=(\d+)", "a=1 bb=22 c=x"), re.sub(r"\s+", "-", "a  b\tc"))
c = collections.Counter("mississippi")
print("counter", sorted(c.items()), collections.OrderedDict(a=1, b=2))
print("deque", list(collections.deque(range(5), maxlen=3)))
print("struct", struct.pack("<IhQ", 1, -2, 3).hex(), struct.unpack(">H", b"\x01\x02"))
print("math", math.sqrt(2), math.factorial(20), math.gcd(84, 36), round(math.sin(1), 12))
print("sha256", hashlib.sha256(b"osv").hexdigest())
d = datetime.datetime(2024, 2, 29, 13, 45, 7) + datetime.timedelta(days=400, seconds=7)
print("datetime", d.isoformat(), d.strftime("%A %j"), datetime.date(2000, 1, 1).weekday())
results = []
lock = threading.Lock()
def work(n):
    s = sum(i * i for i in range(n))
    with lock:
        results.append((n, s))
threads = [threading.Thread(target=work, args=(n,)) for n in (10, 1000, 5000)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("threads", sorted(results))
z = zlib.compress(b"abc" * 1000, 9)
print("zlib", len(z), zlib.crc32(b"osv"), zlib.decompress(z)[:6])
here = os.path.dirname(os.path.abspath(__file__))
print("listdir", sorted(n for n in os.listdir(here) if n.endswith(".py")))
st = os.stat(os.path.abspath(__file__))
print("stat", st.st_size, oct(st.st_mode & 0o170000))
try:
    {}["missing"]
except KeyError as e:
    print("exception", type(e).__name__, e)
try:
    1 / 0
except ZeroDivisionError as e:
    print("exception", e)
class Thing:
    def __init__(self, n):
        self.n = n
    def __repr__(self):
        return f"Thing({self.n!r})"
print("class", [Thing(i) for i in range(3)], sorted({3, 1, 2}), "%.3f" % (1 / 3))
print("unicode", "straße".upper(), len("日本語"), "é".encode())
print("big", 2 ** 200, 10 ** 30 // 7)
if os.environ.get("ETEXEC_LIST"):
    for m in sorted(sys.modules.values(), key=lambda m: str(getattr(m, "__file__", ""))):
        f = getattr(m, "__file__", None)
        if f:
            print("FILE", f, file=sys.stderr)
