/*
 * A C++ library that tests/guest/cxx/cxx_app.cc opens with dlopen: its
 * static object is built at dlopen and destroyed at dlclose, and its
 * exception crosses into the program that called it.
 */
#include <cstdio>
#include <stdexcept>
#include <string>

namespace
{

struct Announce {
	Announce()
	{
		std::printf("plugin: constructed\n");
	}
	~Announce()
	{
		std::printf("plugin: destroyed\n");
	}
};
Announce announce;

} // namespace

extern "C" std::string plugin_greet(const std::string &who)
{
	if (who.empty())
		throw std::invalid_argument("plugin: nobody to greet");
	return "hello, " + who;
}
