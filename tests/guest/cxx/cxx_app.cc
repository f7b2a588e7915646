/*
 * What real C++ programs use, run with Debian's own libstdc++.so.6 and
 * libgcc_s.so.1 (found through DT_NEEDED).  Built twice by
 * tests/guest/cxx.test: as an osv application (a shared object) and as a
 * host program linked to the same libraries, whose output the guest's
 * must match line by line.  Every line is deterministic: the threads
 * report through the main thread after joining.
 */
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <ctime>
#include <cstdio>
#include <dlfcn.h>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <iomanip>
#include <iostream>
#include <locale>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <regex>
#include <set>
#include <shared_mutex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <typeinfo>
#include <unordered_map>
#include <unistd.h>
#include <vector>

namespace
{

/* Static construction in the .so: it must run before main. */
struct Registry {
	std::vector<std::string> names;
	Registry()
	{
		names.push_back("registry");
	}
	/* The destructor's line comes after main's last one. */
	~Registry()
	{
		std::printf("static destructor: %zu names\n", names.size());
	}
};
Registry registry;

struct Late {
	Late()
	{
		registry.names.push_back("late");
	}
};
Late late;

void static_constructors()
{
	std::cout << "static constructors: " << registry.names.size()
		  << " names, " << registry.names.front() << " then "
		  << registry.names.back() << "\n";
}

void iostream_formatting()
{
	std::cout << "cout: " << 42 << ' ' << std::hex << 255 << std::dec << ' '
		  << std::setw(6) << std::setfill('*') << 17 << ' '
		  << std::fixed << std::setprecision(3) << 3.14159 << ' '
		  << std::scientific << 12345.678 << std::defaultfloat << ' '
		  << std::boolalpha << true << "\n";
	std::stringstream ss;
	ss << "7 apples 2.5 " << -3;
	int n, m;
	std::string word;
	double d;
	ss >> n >> word >> d >> m;
	std::cout << "stringstream: " << n << '|' << word << '|' << d << '|'
		  << m << "\n";
	std::ostringstream os;
	os << std::showbase << std::oct << 8 << ' ' << std::hex
	   << std::uppercase << 48879;
	std::cout << "ostringstream: " << os.str() << "\n";
}

void strings_and_containers()
{
	std::string s = "unmodified shared libraries";
	s += " from Debian";
	std::string upper(s);
	std::transform(upper.begin(), upper.end(), upper.begin(),
		       [](unsigned char c) { return std::toupper(c); });
	std::cout << "string: " << s.size() << " " << s.substr(11, 6) << " "
		  << s.find("Debian") << " " << upper << "\n";

	std::vector<int> v;
	for (int i = 0; i < 1000; i++)
		v.push_back((i * 7919) % 1009);
	std::sort(v.begin(), v.end(), std::greater<int>());
	long sum = 0;
	for (int x : v)
		sum += x;
	std::cout << "vector: " << v.size() << " sorted, first " << v.front()
		  << " last " << v.back() << " sum " << sum << "\n";

	std::map<std::string, int> m;
	for (const char *w :
	     {"pear", "apple", "fig", "apple", "kiwi", "fig", "apple"})
		m[w]++;
	std::cout << "map:";
	for (const auto &kv : m)
		std::cout << ' ' << kv.first << '=' << kv.second;
	std::cout << "\n";

	std::unordered_map<int, std::string> um;
	for (int i = 0; i < 5000; i++)
		um[i] = std::to_string(i * i);
	std::cout << "unordered_map: " << um.size() << " " << um[4321] << " "
		  << um.count(5000) << "\n";
}

int parse_or_throw(const std::string &s)
{
	if (s.empty())
		throw std::runtime_error("empty input");
	return std::stoi(s);
}

void exceptions()
{
	try {
		parse_or_throw("");
	} catch (const std::runtime_error &e) {
		std::cout << "caught runtime_error: " << e.what() << "\n";
	}
	try {
		parse_or_throw("not a number");
	} catch (const std::invalid_argument &e) {
		std::cout << "caught invalid_argument from stoi: " << e.what()
			  << "\n";
	}
	std::vector<int> v(3);
	try {
		v.at(10) = 1;
	} catch (const std::out_of_range &e) {
		std::cout << "caught out_of_range from vector::at\n";
	}
	try {
		try {
			throw 7;
		} catch (int i) {
			std::cout << "caught int " << i << ", rethrowing\n";
			throw;
		}
	} catch (...) {
		std::cout << "caught rethrown exception\n";
	}
	/* Unwinding runs destructors of the frames it leaves. */
	int destroyed = 0;
	struct Guard {
		int *count;
		~Guard()
		{
			++*count;
		}
	};
	try {
		Guard a{&destroyed};
		[&] {
			Guard b{&destroyed};
			throw std::logic_error("deep");
		}();
	} catch (const std::logic_error &) {
	}
	std::cout << "destructors run by unwinding: " << destroyed << "\n";
}

/* One per thread; its destructor runs when the thread ends. */
struct PerThread {
	int id = -1;
	~PerThread();
};
std::mutex tl_mutex;
std::vector<int> tl_destroyed;
PerThread::~PerThread()
{
	std::lock_guard<std::mutex> lock(tl_mutex);
	tl_destroyed.push_back(id);
}
thread_local PerThread per_thread;

void threads()
{
	std::mutex m;
	std::condition_variable cv;
	int turn = 0;
	long total = 0;
	std::vector<std::thread> workers;
	const int n = 4;
	for (int id = 0; id < n; id++)
		workers.emplace_back([&, id] {
			per_thread.id = id;
			std::unique_lock<std::mutex> lock(m);
			/* In turn, so the order is the same every run. */
			cv.wait(lock, [&] { return turn == id; });
			total = total * 10 + id + 1;
			turn++;
			cv.notify_all();
		});
	for (auto &t : workers)
		t.join();
	std::sort(tl_destroyed.begin(), tl_destroyed.end());
	std::cout << "threads: total " << total << ", thread_local destructors";
	for (int id : tl_destroyed)
		std::cout << ' ' << id;
	std::cout << "\n";
}

void clocks()
{
	auto start = std::chrono::steady_clock::now();
	std::this_thread::sleep_for(std::chrono::milliseconds(20));
	auto elapsed = std::chrono::steady_clock::now() - start;
	auto ms =
	    std::chrono::duration_cast<std::chrono::milliseconds>(elapsed);
	std::cout << "steady_clock: slept at least 20 ms: "
		  << (ms.count() >= 20 ? "yes" : "no") << "\n";
}

void memory_and_functions()
{
	auto p = std::make_unique<std::vector<std::string>>(100, "x");
	int *arr = new int[1000];
	for (int i = 0; i < 1000; i++)
		arr[i] = i;
	long s = 0;
	for (int i = 0; i < 1000; i++)
		s += arr[i];
	delete[] arr;
	std::shared_ptr<int> sp = std::make_shared<int>(5);
	std::shared_ptr<int> sp2 = sp;
	std::cout << "new/delete: " << p->size() << " " << s << " use_count "
		  << sp.use_count() << "\n";

	std::vector<std::function<int(int)>> fs;
	int base = 10;
	fs.push_back([base](int x) { return x + base; });
	fs.push_back([](int x) { return x * x; });
	fs.push_back(std::bind(std::minus<int>(), std::placeholders::_1, 3));
	std::cout << "function:";
	for (auto &f : fs)
		std::cout << ' ' << f(6);
	std::cout << "\n";
}

void locales()
{
	std::locale c("C");
	const auto &ct = std::use_facet<std::ctype<char>>(c);
	std::cout << "locale: " << c.name() << " " << ct.toupper('q') << " "
		  << std::isdigit('7', c) << std::isalpha('7', c) << "\n";
	std::ostringstream os;
	os.imbue(std::locale::classic());
	os << 1234567.5;
	std::cout << "classic: " << os.str() << "\n";
}

struct Shape {
	virtual ~Shape() = default;
	virtual double area() const = 0;
};
struct Square : Shape {
	double side;
	explicit Square(double s) : side(s)
	{
	}
	double area() const override
	{
		return side * side;
	}
};
struct Circle : Shape {
	double area() const override
	{
		return 3.0;
	}
};

void rtti()
{
	std::vector<std::unique_ptr<Shape>> shapes;
	shapes.push_back(std::make_unique<Square>(2.5));
	shapes.push_back(std::make_unique<Circle>());
	int squares = 0;
	double total = 0;
	for (const auto &s : shapes) {
		total += s->area();
		if (dynamic_cast<Square *>(s.get()))
			squares++;
	}
	Circle c;
	Shape &ref = c;
	std::cout << "rtti: " << squares << " square, area " << total << ", "
		  << typeid(ref).name() << ", "
		  << (typeid(ref) == typeid(Circle) ? "same" : "other") << "\n";
	try {
		(void)dynamic_cast<Square &>(ref);
	} catch (const std::bad_cast &) {
		std::cout << "caught bad_cast\n";
	}
}

void once_and_futures()
{
	std::once_flag flag;
	int calls = 0;
	std::vector<std::thread> ts;
	for (int i = 0; i < 3; i++)
		ts.emplace_back(
		    [&] { std::call_once(flag, [&] { calls++; }); });
	for (auto &t : ts)
		t.join();
	std::shared_mutex rw;
	{
		std::shared_lock<std::shared_mutex> a(rw), b(rw);
	}
	std::unique_lock<std::shared_mutex> w(rw);
	w.unlock();
	auto sum = std::async(std::launch::async, [] {
		long s = 0;
		for (int i = 1; i <= 100; i++)
			s += i;
		return s;
	});
	std::promise<std::string> p;
	std::future<std::string> f = p.get_future();
	std::thread producer([&p] { p.set_value("promised"); });
	std::string got = f.get();
	producer.join();
	auto failing = std::async(std::launch::async, []() -> int {
		throw std::domain_error("in task");
	});
	std::string err;
	try {
		failing.get();
	} catch (const std::domain_error &e) {
		err = e.what();
	}
	std::cout << "call_once: " << calls << ", async: " << sum.get() << ", "
		  << got << ", exception from a task: " << err << "\n";
}

void files()
{
	namespace fs = std::filesystem;
	/* A name of its own per run on the host, where /tmp is shared. */
	fs::path dir =
	    fs::temp_directory_path() / ("cxx_app." + std::to_string(getpid()));
	fs::remove_all(dir);
	fs::create_directories(dir / "sub");
	{
		std::ofstream out(dir / "a.txt");
		for (int i = 0; i < 2000; i++)
			out << "line " << i << "\n";
	}
	fs::copy_file(dir / "a.txt", dir / "sub" / "b.txt");
	std::ifstream in(dir / "sub" / "b.txt");
	std::string line, last;
	int lines = 0;
	while (std::getline(in, line)) {
		lines++;
		last = line;
	}
	std::vector<std::string> names;
	for (const auto &e : fs::recursive_directory_iterator(dir))
		names.push_back(e.path().lexically_relative(dir).string());
	std::sort(names.begin(), names.end());
	std::cout << "filesystem: " << fs::file_size(dir / "a.txt")
		  << " bytes, "
		  << "copy has " << lines << " lines, last '" << last << "',";
	for (const auto &n : names)
		std::cout << ' ' << n;
	std::cout << ", removed " << fs::remove_all(dir) << "\n";
	try {
		std::cout << fs::file_size(dir / "missing") << "\n";
	} catch (const fs::filesystem_error &e) {
		std::cout << "caught filesystem_error: " << e.code().message()
			  << "\n";
	}
}

void text_and_numbers()
{
	std::cout << "long double: " << std::setprecision(18) << 1.0L / 3 << " "
		  << std::setprecision(6) << std::sqrt(2.0L) << "\n";
	char buf[64];
	auto r = std::to_chars(buf, buf + sizeof(buf), 0.1 + 0.2);
	double back = 0;
	std::from_chars(buf, r.ptr, back);
	std::cout << "to_chars: " << std::string(buf, r.ptr) << " "
		  << (back == 0.1 + 0.2 ? "round-trips" : "differs") << " "
		  << std::stod("2.5e-3") << " "
		  << std::stoull("18446744073709551615") << "\n";
	std::regex date(R"((\d{4})-(\d{2})-(\d{2}))");
	std::smatch m;
	std::string text = "released on 2023-06-10, fixed 2024-01-31";
	std::vector<std::string> years;
	for (auto it = std::sregex_iterator(text.begin(), text.end(), date);
	     it != std::sregex_iterator(); ++it)
		years.push_back((*it)[1]);
	std::cout << "regex: " << years.size() << " dates, " << years[0] << " "
		  << years[1] << ", "
		  << std::regex_replace(text, std::regex("[aeiou]"), "_")
		  << "\n";
	std::wostringstream ws;
	ws << L"wide " << 42 << L' ' << 2.5;
	std::wstring w = ws.str();
	std::cout << "wostringstream: " << std::string(w.begin(), w.end())
		  << " (" << w.size() << " wide chars)\n";
	std::tm t{};
	t.tm_year = 123;
	t.tm_mon = 5;
	t.tm_mday = 10;
	t.tm_hour = 14;
	t.tm_min = 5;
	t.tm_wday = 6;
	t.tm_yday = 160;
	std::ostringstream ts;
	ts << std::put_time(&t, "%Y-%m-%d %H:%M %a %b %j");
	std::cout << "put_time: " << ts.str() << "\n";
}

void system_facts()
{
	std::random_device rd;
	std::set<unsigned> seen;
	for (int i = 0; i < 8; i++)
		seen.insert(rd());
	std::mt19937 gen(12345);
	std::uniform_int_distribution<int> dist(1, 6);
	std::cout << "random: random_device gives "
		  << (seen.size() > 1 ? "several" : "one")
		  << " values; mt19937(12345):";
	for (int i = 0; i < 5; i++)
		std::cout << ' ' << dist(gen);
	std::cout << "\n";
	auto now = std::chrono::system_clock::to_time_t(
	    std::chrono::system_clock::now());
	std::cout << "system_clock: after 2023: "
		  << (now > 1672531200 ? "yes" : "no")
		  << ", hardware_concurrency >= 1: "
		  << (std::thread::hardware_concurrency() >= 1 ? "yes" : "no")
		  << "\n";
}

/* A C++ library opened at run time (tests/guest/cxx/cxx_plugin.cc). */
void plugin(const char *path)
{
	void *h = dlopen(path, RTLD_NOW);
	if (!h) {
		std::cout << "dlopen failed: " << dlerror() << "\n";
		return;
	}
	auto greet = reinterpret_cast<std::string (*)(const std::string &)>(
	    dlsym(h, "plugin_greet"));
	std::cout << "plugin says: " << greet("osv") << "\n";
	try {
		greet("");
	} catch (const std::invalid_argument &e) {
		std::cout << "caught from the plugin: " << e.what() << "\n";
	}
	std::cout << std::flush;
	int r = dlclose(h);
	std::cout << "dlclose: " << r << "\n";
}

} // namespace

int main(int argc, char **argv)
{
	static_constructors();
	iostream_formatting();
	strings_and_containers();
	exceptions();
	threads();
	clocks();
	memory_and_functions();
	locales();
	rtti();
	once_and_futures();
	files();
	text_and_numbers();
	system_facts();
	if (argc > 1)
		plugin(argv[1]);
	std::cout << "done" << std::endl;
	return 0;
}
